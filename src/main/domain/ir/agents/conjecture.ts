/**
 * Reasoning: score each attacker variant by how well a twin run under it explains what was
 * observed — the feedback of every action so far (exact text) and the alerts (precision and
 * recall of the alert kinds its seeded rollouts emit).
 */
import type { FeedbackModel, Twin } from '../twin';
import type { Conjecture, IrAlert, Observation, ScenarioSpec } from '../core/types';

/** Weights of the variant log-score (documented defaults). */
export interface ScoringWeights {
  /** Weight of the feedback log-likelihood (each step's text under the variant's twin). Default 1. */
  feedback: number;
  /** Likelihood floor of a step the variant did not predict at all (log 0.02 ≈ −3.9). Default 0.02. */
  floor: number;
  /** Weight of log(precision): observed alert kinds the variant cannot explain. Default 3. */
  precision: number;
  /** Weight of log(recall): alert kinds the variant expects but were not seen. Default 1. */
  recall: number;
}

/** Default scoring weights. */
export const DEFAULT_SCORING: ScoringWeights = {
  feedback: 1,
  floor: 0.02,
  precision: 3,
  recall: 1,
};

/** The kind of an alert, as the scorer compares them: signature and endpoints. */
export function alertKind(a: IrAlert): string {
  return `${a.signature}|${a.src}|${a.dst}`;
}

/** Rollouts of one variant, stepped in lockstep with the real actions. */
export interface VariantRollouts {
  variant: string;
  twins: Twin[];
  /** Alert kinds any rollout emitted so far. */
  expectedKinds: Set<string>;
  /** What the variant's twin could have printed at each step (the same in every rollout). */
  feedback: FeedbackModel[];
  done: boolean[];
}

/** What the agent has observed so far. */
export interface ObservedHistory {
  kinds: Set<string>;
  feedback: string[];
  done: boolean[];
}

/** Record a real observation. */
export function observe(h: ObservedHistory, o: Observation): void {
  for (const a of o.alerts) h.kinds.add(alertKind(a));
  if (o.step > 0) {
    h.feedback.push(o.feedback);
    h.done.push(o.done);
  }
}

/** Score every variant and form the conjecture (scores sum to 1; ties keep the spec's order). */
export function conjecture(
  spec: Pick<ScenarioSpec, 'variants'>,
  rollouts: readonly VariantRollouts[],
  seen: ObservedHistory,
  w: ScoringWeights = DEFAULT_SCORING,
): Conjecture {
  const logs: number[] = [];
  const notes: { for: string[]; against: string[] }[] = [];
  for (const r of rollouts) {
    let logLik = 0;
    const against: string[] = [];
    const supports: string[] = [];
    seen.feedback.forEach((f, i) => {
      const m = r.feedback[i];
      const lik = m && r.done[i] === seen.done[i] ? likelihood(m, f) : 0;
      logLik += Math.log(Math.max(lik, w.floor));
      if (lik < 0.5) against.push(`step ${i + 1}: observed "${f}", expected "${m?.clean ?? '?'}"`);
      else if (m?.obscured) supports.push(`step ${i + 1}: ${f}`);
    });
    const hit = [...seen.kinds].filter((x) => r.expectedKinds.has(x)).length;
    const precision = seen.kinds.size ? hit / seen.kinds.size : 1;
    const recall = r.expectedKinds.size ? hit / r.expectedKinds.size : 1;
    for (const x of seen.kinds) if (!r.expectedKinds.has(x)) against.push(`unexplained alert ${x}`);
    supports.push(`explains ${hit}/${seen.kinds.size} alert kinds (recall ${recall.toFixed(2)})`);
    logs.push(
      w.feedback * logLik +
        w.precision * Math.log(Math.max(precision, 0.05)) +
        w.recall * Math.log(Math.max(recall, 0.05)),
    );
    notes.push({ for: supports.slice(-4), against: against.slice(0, 4) });
  }
  const top = Math.max(...logs);
  const exp = logs.map((l) => Math.exp(l - top));
  const total = exp.reduce((a, b) => a + b, 0);
  const scores: Record<string, number> = {};
  rollouts.forEach((r, i) => (scores[r.variant] = exp[i]! / total));
  let best = 0;
  logs.forEach((l, i) => {
    if (l > logs[best]! + 1e-12) best = i;
  });
  const id = rollouts[best]!.variant;
  return {
    variant: id,
    confidence: scores[id]!,
    tactics: spec.variants.find((v) => v.id === id)?.tactics ?? [],
    scores,
    evidenceFor: notes[best]!.for,
    evidenceAgainst: notes[best]!.against,
  };
}

/** Probability that a step under a feedback model printed `text`. */
export function likelihood(m: FeedbackModel, text: string): number {
  if (text === m.clean) return m.obscured === null ? 1 : 1 - m.noise;
  return m.obscured !== null && text === m.obscured ? m.noise : 0;
}
