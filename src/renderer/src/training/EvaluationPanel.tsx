/**
 * A finished run's test-split evaluation: the class-wise average reward (the paper's Table IV)
 * beside the per-signature oracle, and the share of correct actions when the detector was right
 * vs wrong (Fig. 5) as two SVG bars.
 */
import type { TrainingStatus } from '../../../shared/contract';
import { ClassBadge } from '../components/ClassBadge';
import { formatReward, formatShare } from '../format';

type Evaluation = NonNullable<TrainingStatus['evaluation']>;

/** Props of {@link EvaluationPanel}. */
export interface EvaluationPanelProps {
  evaluation: Evaluation;
  method: string;
  /** Class order of the table (the app's classes); classes without test flows are left out. */
  classes: string[];
}

/** Table IV for this run, and the right-vs-wrong chart. */
export function EvaluationPanel({ evaluation: ev, method, classes }: EvaluationPanelProps) {
  const order = [
    ...classes.filter((c) => c in ev.perClass),
    ...Object.keys(ev.perClass).filter((c) => !classes.includes(c)),
  ];
  return (
    <div className="training-eval" data-testid="training-eval">
      <div className="panel">
        <h3>Average test reward per class</h3>
        <table className="dense" data-testid="eval-table">
          <thead>
            <tr>
              <th>Class</th>
              <th className="num">{method.toUpperCase()}</th>
            </tr>
          </thead>
          <tbody>
            {order.map((c) => (
              <tr key={c} data-testid="eval-class-row" data-class={c}>
                <td>
                  <ClassBadge name={c} />
                </td>
                <td className={`num ${tone(ev.perClass[c] ?? 0)}`}>
                  {formatReward(ev.perClass[c] ?? NaN)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th>Average (class-balanced)</th>
              <td className="num" data-testid="eval-avg">
                <b>{formatReward(ev.avgReward)}</b>
              </td>
            </tr>
            <tr>
              <th>Weighted by real prevalence</th>
              <td className="num" data-testid="eval-weighted">
                {formatReward(ev.avgRewardWeighted)}
              </td>
            </tr>
            <tr>
              <th title="The best fixed action per signature, fitted on the training split: what a policy that sees only the alert's state can hope for">
                Per-signature oracle (average)
              </th>
              <td className="num" data-testid="eval-oracle">
                {formatReward(ev.oracleAvgReward)}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
      <div className="panel">
        <h3>Correct actions: detector right vs wrong</h3>
        <RightWrongBars right={ev.correctWhenRight} wrong={ev.correctWhenWrong} />
        <p className="muted small">
          Share of test flows given their true class’s top-ranked mitigation, split by whether the
          detector’s prediction was right.
        </p>
      </div>
    </div>
  );
}

function tone(r: number): string {
  return r >= 4 ? 'ok' : r < 0 ? 'error' : 'warn';
}

const BW = 320;
const BH = 110;

/** Two horizontal bars on a 0–100% scale. */
function RightWrongBars({ right, wrong }: { right: number; wrong: number }) {
  const bars = [
    { key: 'right', label: 'Detector right', value: right },
    { key: 'wrong', label: 'Detector wrong', value: wrong },
  ];
  const x0 = 110;
  const span = BW - x0 - 50;
  return (
    <svg
      className="rw-chart"
      viewBox={`0 0 ${BW} ${BH}`}
      role="img"
      aria-label="Share of correct actions when the detector was right and when it was wrong"
      data-testid="right-wrong-chart"
    >
      {bars.map((b, i) => {
        const yy = 14 + i * 44;
        const v = Number.isFinite(b.value) ? Math.min(1, Math.max(0, b.value)) : 0;
        return (
          <g key={b.key} data-testid={`rw-${b.key}`} data-value={b.value}>
            <text className="tick" x={x0 - 8} y={yy + 15} textAnchor="end">
              {b.label}
            </text>
            <rect className="rw-track" x={x0} y={yy} width={span} height={22} rx={3} />
            <rect
              className={`rw-bar rw-${b.key}`}
              x={x0}
              y={yy}
              width={span * v}
              height={22}
              rx={3}
            />
            <text className="tick value" x={x0 + span + 6} y={yy + 15}>
              {formatShare(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
