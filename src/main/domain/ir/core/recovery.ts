/** The recovery model: six latched stages, recovery steps and the weighted cost of a trajectory. */
import { STAGES, type StageBits } from './types';

/** Per-step cost of each unfinished stage, in STAGES order (containment 6 … restoration 1). */
export const STAGE_WEIGHTS: readonly number[] = [6, 5, 4, 3, 2, 1];

/** No stage done. */
export const NO_STAGES: StageBits = [false, false, false, false, false, false];

/** Bits as a StageBits tuple (throws unless there are exactly six). */
export function toStageBits(bits: readonly boolean[]): StageBits {
  if (bits.length !== STAGES.length)
    throw new RangeError(`expected 6 stage bits, got ${bits.length}`);
  return [bits[0]!, bits[1]!, bits[2]!, bits[3]!, bits[4]!, bits[5]!];
}

/** Latch: a stage done before stays done (bits only move false → true). */
export function latch(before: StageBits, after: readonly boolean[]): StageBits {
  return toStageBits(before.map((b, i) => b || Boolean(after[i])));
}

/** True when every stage is done. */
export function isRecovered(bits: StageBits): boolean {
  return bits.every(Boolean);
}

/** Number of stages done. */
export function stagesDone(bits: StageBits): number {
  return bits.filter(Boolean).length;
}

/** Cost of one step taken in state `bits`: the weights of the stages still unfinished. */
export function stepCost(bits: StageBits): number {
  return bits.reduce((sum, done, i) => sum + (done ? 0 : (STAGE_WEIGHTS[i] ?? 0)), 0);
}

/** Weighted cost of a run: the step cost of the state before each action, summed. */
export function weightedCost(statesBeforeEachStep: readonly StageBits[]): number {
  return statesBeforeEachStep.reduce((sum, b) => sum + stepCost(b), 0);
}

/** Whether `b` changed any stage relative to `a` (an action that changed none was ineffective). */
export function stagesChanged(a: StageBits, b: StageBits): boolean {
  return a.some((x, i) => x !== b[i]);
}

/** Fraction of the six bits on which two pictures agree (stage-prediction accuracy). */
export function stageAgreement(a: StageBits, b: StageBits): number {
  return a.filter((x, i) => x === b[i]).length / STAGES.length;
}

/** "containment, assessment" — the names of the stages done. */
export function describeStages(bits: StageBits): string {
  const done = STAGES.filter((_, i) => bits[i]);
  return done.length ? done.join(', ') : 'none';
}
