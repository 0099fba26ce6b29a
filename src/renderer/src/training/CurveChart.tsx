/** The live reward curve: mean rollout reward vs episodes, as a small SVG line chart. */
import type { TrainingStatus } from '../../../shared/contract';
import { formatInt } from '../format';

const W = 560;
const H = 220;
const PAD = { left: 40, right: 12, top: 10, bottom: 26 };
/** Rewards lie in [−5, +5] (the paper's reward scheme): a fixed axis keeps runs comparable. */
const Y_MIN = -5;
const Y_MAX = 5;
const Y_TICKS = [-5, -2.5, 0, 2.5, 5];

/** Props of {@link CurveChart}. */
export interface CurveChartProps {
  points: TrainingStatus['curve'];
  /** The run's total episodes (the x axis' end; the last point's count when 0). */
  totalEpisodes: number;
}

/** Line of the curve over a fixed reward axis; x runs from 0 to the run's total episodes. */
export function CurveChart({ points, totalEpisodes }: CurveChartProps) {
  const xMax = Math.max(1, totalEpisodes, points.at(-1)?.episodes ?? 0);
  const x = (e: number) => PAD.left + (e / xMax) * (W - PAD.left - PAD.right);
  const y = (r: number) => {
    const c = Math.min(Y_MAX, Math.max(Y_MIN, r));
    return PAD.top + ((Y_MAX - c) / (Y_MAX - Y_MIN)) * (H - PAD.top - PAD.bottom);
  };
  const path = points
    .map(
      (p, i) => `${i === 0 ? 'M' : 'L'}${x(p.episodes).toFixed(1)},${y(p.meanReward).toFixed(1)}`,
    )
    .join(' ');
  const last = points.at(-1);
  return (
    <svg
      className="curve-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label="Mean rollout reward by episodes"
      data-testid="training-curve"
      data-points={points.length}
    >
      {Y_TICKS.map((t) => (
        <g key={t}>
          <line
            className={t === 0 ? 'axis zero' : 'grid'}
            x1={PAD.left}
            x2={W - PAD.right}
            y1={y(t)}
            y2={y(t)}
          />
          <text className="tick" x={PAD.left - 6} y={y(t) + 4} textAnchor="end">
            {t > 0 ? `+${t}` : t}
          </text>
        </g>
      ))}
      <line className="axis" x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
      <text className="tick" x={PAD.left} y={H - 8}>
        0
      </text>
      <text className="tick" x={W - PAD.right} y={H - 8} textAnchor="end">
        {formatInt(xMax)} episodes
      </text>
      {points.length > 0 && <path className="curve" d={path} />}
      {last && <circle className="curve-end" cx={x(last.episodes)} cy={y(last.meanReward)} r={3} />}
      {points.length === 0 && (
        <text className="tick" x={W / 2} y={H / 2} textAnchor="middle">
          no reward curve yet
        </text>
      )}
    </svg>
  );
}
