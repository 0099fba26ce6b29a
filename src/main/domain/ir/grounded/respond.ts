/**
 * One incident's grounded response: its perception, the hypotheses scored on its own alerts and
 * the analyst's answers, and the planner's next step on its own entities. Deterministic: the same
 * perception, steps and answers always give the same assessment, so the desk rebuilds it from
 * what is stored and the replay evaluation drives it step by step.
 */
import type { IrAlert, ResponseAction, StageBits } from '../core/types';
import { familyOf } from '../grouping/families';
import { STAGES } from '../core/types';
import { actionKey, verb } from '../core/verbs';
import { bindPlans, entitySet, type BoundStep } from './bind';
import type { HypothesisCatalogue } from './hypotheses';
import type { Perception } from './perceive';
import {
  beliefsOf,
  HEDGE_MIN,
  hedgedRemaining,
  lookAhead,
  separatingQuestions,
  stagesOf,
  type PlannedCandidate,
} from './plan';
import { indicators, scoreHypotheses, type AnswerRecord, type ScoredHypothesis } from './score';

/** Candidates shown (best first). */
export const CANDIDATES_SHOWN = 12;
/** Verbs whose observation is "does the traffic stop" and the direction they cut. */
export const CONTAINMENT_VERBS: Readonly<Record<string, 'from' | 'both' | 'to'>> = {
  'block-endpoint': 'from',
  'rate-limit-endpoint': 'from',
  'isolate-host': 'both',
  'block-outbound-c2': 'to',
};

/**
 * Attack alerts after `afterId` that a containment step should have stopped (from its target, to
 * it, or both, by CONTAINMENT_VERBS); null when it is no containment step or no alert at all has
 * arrived since (not observed yet). `entity` maps an address to its entity (NAT aliases).
 */
export function alertsAfterStep(
  alerts: readonly IrAlert[],
  a: ResponseAction,
  afterId: number,
  entity: (ip: string) => string,
): number | null {
  const dir = CONTAINMENT_VERBS[a.verb];
  if (!dir || a.target === null) return null;
  let later = 0;
  let n = 0;
  for (const x of alerts) {
    if ((x.alertId ?? 0) <= afterId) continue;
    later++;
    if (familyOf(x) === 'benign') continue;
    const from = entity(x.src) === a.target;
    const to = entity(x.dst) === a.target;
    if ((dir === 'from' && from) || (dir === 'to' && to) || (dir === 'both' && (from || to))) n++;
  }
  return later ? n : null;
}

/** An executed step as the response remembers it. */
export interface DoneStep {
  step: number;
  action: ResponseAction;
  /** For containment: attack alerts seen from / to the target after the step (null: none yet). */
  alertsAfter?: number | null;
}

/** What the agent predicts a step will show. */
export interface Prediction {
  text: string;
  /** Evidence steps: the answer each leading hypothesis expects. */
  answers: { question: string; text: string; expected: boolean; under: string }[];
  /** Containment steps: the traffic that should stop. */
  stops: string | null;
}

/** An evidence form waiting for the analyst's answers. */
export interface EvidenceForm {
  step: number;
  verb: string;
  host: string;
  questions: { id: string; text: string; expected: { hypothesis: string; value: boolean }[] }[];
}

/** Everything the desk shows about the response at the current step. */
export interface Assessment {
  hypotheses: ScoredHypothesis[];
  /** The leading hypothesis of each facet, the incident's first facet first. */
  leading: ScoredHypothesis[];
  stages: StageBits;
  candidates: (PlannedCandidate & { prediction: Prediction })[];
  recommended: (PlannedCandidate & { prediction: Prediction }) | null;
  abstainReason: string | null;
  forms: EvidenceForm[];
  recovered: boolean;
}

/** The close step once every needed stage is done. */
export const CLOSE_ACTION: ResponseAction = { verb: 'close-incident', target: null };

/** The questions an evidence verb asks on a host (text with the host filled in). */
function questionText(cat: HypothesisCatalogue, id: string, host: string): string {
  return (cat.questions.find((q) => q.id === id)?.text ?? id).replace('{host}', host);
}

/** A grounded response to one incident. */
export class GroundedResponse {
  readonly entities: Set<string>;
  private readonly plans: Map<string, BoundStep[]>;
  private readonly evidenceSteps: BoundStep[];

  constructor(
    readonly perception: Perception,
    readonly catalogue: HypothesisCatalogue,
  ) {
    this.plans = bindPlans(perception, catalogue);
    this.entities = entitySet(perception);
    // Evidence steps on every victim (and an internal attacker), beyond those plans name.
    const evidenceVerbs = [...new Set(catalogue.questions.flatMap((q) => q.askedBy))];
    const hosts = [
      ...perception.victims.map((v) => v.address),
      ...perception.attackers.filter((a) => a.internal).map((a) => a.address),
    ];
    this.evidenceSteps = evidenceVerbs.flatMap((v) =>
      hosts.map((h) => {
        const action = { verb: v, target: h };
        return { action, key: actionKey(action), stage: 'assessment' as const, stageIndex: 1 };
      }),
    );
  }

  /** Whether an action is valid here: a catalogue verb on one of this incident's own entities. */
  validate(a: ResponseAction): string | null {
    const v = verb(a.verb);
    if (!v) return `unknown verb "${a.verb}"`;
    if (v.targetKind === 'none') return a.target === null ? null : `${a.verb} takes no target`;
    if (a.target === null || !this.entities.has(a.target))
      return `${actionKey(a)} does not target an entity of this incident (${[...this.entities].join(', ')})`;
    const service = a.target.includes(':');
    if ((v.targetKind === 'service') !== service)
      return `${a.verb} takes a ${v.targetKind === 'service' ? 'service (host:port/proto)' : 'host address'}`;
    return null;
  }

  /** Assess the incident after `done` steps, `answers` and the keys rejected at this step. */
  assess(
    done: readonly DoneStep[],
    answers: readonly AnswerRecord[],
    rejected: ReadonlySet<string> = new Set(),
  ): Assessment {
    const scored = scoreHypotheses(
      this.perception,
      this.catalogue,
      indicators(this.perception, answers),
    );
    const beliefs = beliefsOf(scored);
    const ineffective = done
      .filter((d) => (d.alertsAfter ?? 0) > 0)
      .map((d) => actionKey(d.action));
    const doneKeys = new Set(
      done.map((d) => actionKey(d.action)).filter((k) => !ineffective.includes(k)),
    );
    const plans = this.withFallbackContainment(new Set(ineffective));
    const leading = [...beliefs.keys()].map(
      (f) => scored.filter((h) => h.facet === f).sort((a, b) => b.score - a.score)[0]!,
    );
    // A stage is done when it is done under every hypothesis the plan still hedges for, so all
    // six are done exactly when nothing is left to do.
    const plausible = [...beliefs.values()].flatMap((f) => {
      const top = Math.max(...f.values());
      return [...f].filter(([, p]) => p >= HEDGE_MIN || p === top).map(([id]) => id);
    });
    const stages = STAGES.map((_, i) =>
      plausible.every((id) => stagesOf(plans.get(id) ?? [], doneKeys)[i]),
    ) as unknown as StageBits;
    const forms = this.openForms(done, answers);
    const remaining = hedgedRemaining(beliefs, plans, doneKeys);
    const base = { hypotheses: scored, leading, stages, forms, recovered: false };
    if (!remaining.length && leading.length)
      return { ...base, recovered: true, candidates: [], recommended: null, abstainReason: null };
    const pool = new Map<string, BoundStep>();
    for (const f of beliefs.values())
      for (const id of f.keys())
        for (const s of plans.get(id) ?? []) if (!doneKeys.has(s.key)) pool.set(s.key, s);
    for (const s of this.evidenceSteps)
      if (
        !doneKeys.has(s.key) &&
        separatingQuestions(this.catalogue, beliefs, s.action.verb).length
      )
        pool.set(s.key, s);
    for (const k of [...rejected, ...ineffective]) pool.delete(k);
    const candidates = [...pool.values()]
      .map((s) => {
        const asks = separatingQuestions(this.catalogue, beliefs, s.action.verb);
        const expectedCost = lookAhead(this.catalogue, beliefs, plans, doneKeys, s, asks);
        const advances = [...beliefs.values()].flatMap((f) =>
          [...f.keys()]
            .filter((id) => (plans.get(id) ?? []).some((x) => x.key === s.key))
            .map((id) => ({ hypothesis: id, stage: s.stage })),
        );
        const c: PlannedCandidate = {
          action: s.action,
          key: s.key,
          expectedCost,
          advances,
          asks,
          why: '',
        };
        return { ...c, why: this.why(c, beliefs), prediction: this.predict(c, leading) };
      })
      .sort((a, b) => a.expectedCost - b.expectedCost || a.key.localeCompare(b.key));
    const recommended = candidates[0] ?? null;
    return {
      ...base,
      candidates: candidates.slice(0, CANDIDATES_SHOWN),
      recommended,
      abstainReason: recommended
        ? null
        : leading.length
          ? 'every step the plausible hypotheses need was rejected here: choose one yourself (edit)'
          : `no hypothesis in the catalogue covers ${this.perception.families.join(', ') || 'this incident'}: respond by hand`,
    };
  }

  /** The prediction of a step under the leading hypotheses. */
  predict(
    c: Pick<PlannedCandidate, 'action' | 'asks'>,
    leading: readonly ScoredHypothesis[],
  ): Prediction {
    const host = c.action.target ?? '';
    // Every question its form will ask that a leading hypothesis has an answer for.
    const asked = [
      ...new Set([
        ...c.asks,
        ...(host ? this.formQuestions(c.action.verb, host).map((q) => q.id) : []),
      ]),
    ];
    const answers = asked.flatMap((q) => {
      const h = leading.find((l) => {
        const spec = this.catalogue.hypotheses.find((x) => x.id === l.id);
        return spec && (spec.predicts[q] ?? spec.suggests[q]) !== undefined;
      });
      if (!h) return [];
      const spec = this.catalogue.hypotheses.find((x) => x.id === h.id)!;
      const expected = (spec.predicts[q] ?? spec.suggests[q])!;
      return [{ question: q, text: questionText(this.catalogue, q, host), expected, under: h.id }];
    });
    const dir = CONTAINMENT_VERBS[c.action.verb];
    const stops = dir
      ? dir === 'from'
        ? `alerts from ${host}`
        : dir === 'to'
          ? `alerts to ${host}`
          : `alerts from or to ${host}`
      : null;
    const text = answers.length
      ? `expects ${answers.map((a) => `${a.question} ${a.expected ? 'yes' : 'no'} (${a.under})`).join(', ')}`
      : stops
        ? `expects no further ${stops} after the step`
        : `expects the step to be done by hand; no observation follows from the data`;
    return { text, answers, stops };
  }

  private why(c: PlannedCandidate, beliefs: Map<string, Map<string, number>>): string {
    const needs = c.advances.map((a) => {
      const p = [...beliefs.values()].find((f) => f.has(a.hypothesis))?.get(a.hypothesis) ?? 0;
      return `${a.stage} under ${a.hypothesis} (${(p * 100).toFixed(0)}%)`;
    });
    const parts = [];
    if (needs.length) parts.push(`advances ${needs.join(', ')}`);
    if (c.asks.length) parts.push(`asks ${c.asks.join(', ')}, which separate the hypotheses`);
    parts.push(`expected cost to recovery ${c.expectedCost.toFixed(1)}`);
    return parts.join('; ');
  }

  /** Evidence steps whose questions are not answered yet. */
  private openForms(done: readonly DoneStep[], answers: readonly AnswerRecord[]): EvidenceForm[] {
    const answered = new Set(answers.map((a) => a.step));
    const out: EvidenceForm[] = [];
    for (const d of done) {
      if (answered.has(d.step) || d.action.target === null) continue;
      const questions = this.formQuestions(d.action.verb, d.action.target);
      if (questions.length)
        out.push({ step: d.step, verb: d.action.verb, host: d.action.target, questions });
    }
    return out;
  }

  /** The questions an evidence verb puts about a host: those the incident's hypotheses predict. */
  formQuestions(verbId: string, host: string): EvidenceForm['questions'] {
    const facets = new Set<string>(this.perception.families);
    return this.catalogue.questions
      .filter((q) => q.askedBy.includes(verbId))
      .map((q) => ({
        id: q.id,
        text: questionText(this.catalogue, q.id, host),
        expected: this.catalogue.hypotheses
          .filter((h) => facets.has(h.facet))
          .flatMap((h) => {
            const value = h.predicts[q.id] ?? h.suggests[q.id];
            return value === undefined ? [] : [{ hypothesis: h.id, value }];
          }),
      }))
      .filter((q) => q.expected.length > 0);
  }

  /**
   * A containment step that did not stop the traffic is replaced by the next one up: a leaking
   * rate limit by a block of the same source, a leaking block (or isolation) by isolating the
   * victims.
   */
  private withFallbackContainment(ineffective: ReadonlySet<string>): Map<string, BoundStep[]> {
    if (!ineffective.size) return this.plans;
    const step = (action: ResponseAction): BoundStep => ({
      action,
      key: actionKey(action),
      stage: 'containment',
      stageIndex: 0,
    });
    const isolateVictims = this.perception.victims
      .slice(0, 3)
      .map((v) => step({ verb: 'isolate-host', target: v.address }));
    const next = (s: BoundStep): BoundStep[] =>
      s.action.verb === 'rate-limit-endpoint' && s.action.target !== null
        ? [step({ verb: 'block-endpoint', target: s.action.target })]
        : isolateVictims;
    const replace = (s: BoundStep): BoundStep[] => {
      if (!ineffective.has(s.key)) return [s];
      const up = next(s).filter((x) => !ineffective.has(x.key));
      return up.length ? up : isolateVictims.filter((x) => !ineffective.has(x.key));
    };
    const out = new Map<string, BoundStep[]>();
    for (const [id, steps] of this.plans) {
      const kept = steps.flatMap(replace);
      out.set(id, [...new Map(kept.map((x) => [x.key, x])).values()]);
    }
    return out;
  }
}
