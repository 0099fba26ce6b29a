/** The live reward curve as the dashboard receives it: at most a few hundred points. */
import type { CurvePoint } from '../../domain/rl';

/** Most points a training.progress event carries. */
export const MAX_CURVE_POINTS = 500;

/**
 * Down to `max` points by averaging consecutive runs of points (each bucket keeps its last
 * episode count and its mean reward), so a long run's curve keeps its shape and its end.
 */
export function downsampleCurve(
  curve: readonly CurvePoint[],
  max = MAX_CURVE_POINTS,
): CurvePoint[] {
  if (curve.length <= max) return curve.map((p) => ({ ...p }));
  const out: CurvePoint[] = [];
  const per = curve.length / max;
  for (let b = 0; b < max; b++) {
    const from = Math.floor(b * per);
    const to = Math.floor((b + 1) * per);
    let sum = 0;
    for (let i = from; i < to; i++) sum += curve[i]?.meanReward ?? 0;
    out.push({ episodes: curve[to - 1]?.episodes ?? 0, meanReward: sum / Math.max(1, to - from) });
  }
  return out;
}
