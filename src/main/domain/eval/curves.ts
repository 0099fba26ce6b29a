/** Reading learning curves: when did a method come within reach of the oracle? */

/**
 * Episodes after which the curve's moving average (over `window` points) first comes within
 * `tolerance` of `target`, or null if it never does. Curve points are [episodes, mean reward]
 * of the training rollouts, so `target` must be the oracle's flow-mean reward on the same split.
 */
export function episodesToNear(
  curve: readonly [number, number][],
  target: number,
  tolerance = 0.1,
  window = 3,
): number | null {
  let sum = 0;
  for (let i = 0; i < curve.length; i++) {
    sum += curve[i]?.[1] ?? 0;
    if (i >= window) sum -= curve[i - window]?.[1] ?? 0;
    const n = Math.min(i + 1, window);
    if (sum / n >= target - tolerance) return curve[i]?.[0] ?? null;
  }
  return null;
}
