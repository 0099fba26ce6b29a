/** What the Model screen says about a loaded GGUF: sizes in words, and when to warn. */

/** Below this many parameters, advice is a hint, not expertise (the paper used a 3.8B model). */
export const SMALL_MODEL_PARAMETERS = 1e9;

/** The warning shown for a model under {@link SMALL_MODEL_PARAMETERS}. */
export const SMALL_MODEL_WARNING =
  'This model is small; expect weak security knowledge — treat its advice as a hint.';

/** "268 M", "3.8 B" parameters. */
export function formatParameters(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} B`;
  if (n >= 1e6) return `${Math.round(n / 1e6)} M`;
  return n.toLocaleString('en-US');
}

/** Whether the screen should warn that the model is too small for dependable advice. */
export function isSmallModel(parameters: number): boolean {
  return parameters < SMALL_MODEL_PARAMETERS;
}
