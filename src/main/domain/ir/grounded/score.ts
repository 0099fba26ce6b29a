/**
 * Scoring hypotheses against what was observed: the incident's own signals and the analyst's
 * answers. Per facet (one attack family of the incident) the papers' rule keeps a hypothesis while
 * the indicators it predicts match the observed ones with precision >= keepPrecision; the kept
 * ones share the belief in proportion to prior x likelihood.
 */
import type { IncidentHypothesisView } from '../../../../shared/contract';
import type { HypothesisCatalogue, HypothesisSpec } from './hypotheses';
import type { Perception } from './perceive';

/** An analyst's answer to one question of an evidence form. */
export type Answer = 'yes' | 'no' | 'unknown';

/** An observed indicator: its value and where it was seen. */
export interface Indicator {
  value: boolean;
  detail: string;
  source: 'data' | 'analyst';
}

/** One answered question (the observation of an evidence step). */
export interface AnswerRecord {
  step: number;
  host: string;
  question: string;
  answer: Answer;
}

/** A hypothesis with its current score (belief within its facet; the kept ones sum to 1). */
export type ScoredHypothesis = IncidentHypothesisView;

/** How strongly a `predicts` and a `suggests` indicator weigh when matched (else 1 - it). */
const PREDICT_WEIGHT = 0.9;
const SUGGEST_WEIGHT = 0.65;

/** Observed indicators: the perception's signals and every non-"unknown" answer (yes wins). */
export function indicators(
  p: Perception,
  answers: readonly AnswerRecord[],
): Map<string, Indicator> {
  const out = new Map<string, Indicator>();
  for (const s of p.signals) out.set(s.id, { value: s.present, detail: s.detail, source: 'data' });
  for (const a of answers) {
    if (a.answer === 'unknown') continue;
    const prev = out.get(a.question);
    const value = a.answer === 'yes';
    if (prev && prev.value && !value) continue;
    out.set(a.question, {
      value,
      detail: `analyst, step ${a.step}: ${a.answer} on ${a.host}`,
      source: 'analyst',
    });
  }
  return out;
}

/** The facets of an incident: its families that the catalogue has hypotheses for. */
export function facetsOf(p: Perception, cat: HypothesisCatalogue): string[] {
  const known = new Set(cat.hypotheses.map((h) => h.facet));
  return p.families.filter((f) => known.has(f));
}

function scoreOne(h: HypothesisSpec, obs: Map<string, Indicator>) {
  let matched = 0;
  let evaluated = 0;
  let lik = h.prior;
  const evidenceFor: string[] = [];
  const evidenceAgainst: string[] = [];
  const weigh = (entries: [string, boolean][], w: number, counts: boolean) => {
    for (const [k, want] of entries) {
      const o = obs.get(k);
      if (!o) continue;
      const ok = o.value === want;
      if (counts) {
        evaluated++;
        if (ok) matched++;
      }
      lik *= ok ? w : 1 - w;
      (ok ? evidenceFor : evidenceAgainst).push(
        `${k} ${o.value ? 'seen' : 'not seen'}: ${o.detail}`,
      );
    }
  };
  weigh(Object.entries(h.predicts), PREDICT_WEIGHT, true);
  weigh(Object.entries(h.suggests), SUGGEST_WEIGHT, false);
  return { matched, evaluated, lik, evidenceFor, evidenceAgainst };
}

/** Score every hypothesis of the incident's facets; per facet, the kept ones share belief 1. */
export function scoreHypotheses(
  p: Perception,
  cat: HypothesisCatalogue,
  obs: Map<string, Indicator>,
): ScoredHypothesis[] {
  const out: ScoredHypothesis[] = [];
  for (const facet of facetsOf(p, cat)) {
    const rows = cat.hypotheses
      .filter((h) => h.facet === facet)
      .map((h) => {
        const s = scoreOne(h, obs);
        const precision = s.evaluated ? s.matched / s.evaluated : 1;
        return { h, s, precision, kept: precision >= cat.keepPrecision };
      });
    // When every hypothesis is refuted, none is dropped: the belief says so by spreading.
    const pool = rows.some((r) => r.kept) ? rows.filter((r) => r.kept) : rows;
    const total = pool.reduce((n, r) => n + r.s.lik, 0);
    for (const r of rows)
      out.push({
        id: r.h.id,
        facet,
        name: r.h.name,
        techniques: [...r.h.techniques],
        score: pool.includes(r) && total > 0 ? r.s.lik / total : 0,
        precision: r.precision,
        evaluated: r.s.evaluated,
        kept: r.kept,
        evidenceFor: r.s.evidenceFor,
        evidenceAgainst: r.s.evidenceAgainst,
        tests: [
          ...Object.entries(r.h.predicts).map(([k, v]) => [k, v, true] as const),
          ...Object.entries(r.h.suggests).map(([k, v]) => [k, v, false] as const),
        ].map(([indicator, expected, counts]) => ({
          indicator,
          expected,
          counts,
          observed: obs.get(indicator)?.value ?? null,
        })),
      });
  }
  return out;
}
