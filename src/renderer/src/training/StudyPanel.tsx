/**
 * A study's progress and result: the regime it ran under, each method's class-balanced and
 * weighted mean test reward (with 95% intervals over seeds), the paired test against PPO, and
 * "needs review" as selective prediction (AURC of the review ranking vs B alone vs π alone).
 */
import type { StudyInterval, StudyResult, StudyStatus } from '../../../shared/contract';
import { formatReward, formatShare } from '../format';
import { METHODS } from './fields';

/** Props of {@link StudyPanel}. */
export interface StudyPanelProps {
  study: StudyStatus;
  busy: boolean;
  onStop(): void;
}

const ci = (x: StudyInterval | null) =>
  x ? ` [${formatReward(x[0])}, ${formatReward(x[1])}]` : '';
const aurc = (x: number) => (Number.isFinite(x) ? x.toFixed(4) : '–');
const pValue = (p: number) => (p < 0.001 ? '< 0.001' : p.toFixed(3));

/** The panel. */
export function StudyPanel({ study, busy, onStop }: StudyPanelProps) {
  const last = study.log.at(-1);
  return (
    <div className="panel study-panel" data-testid="study-panel" data-state={study.state}>
      <div className="row">
        <h3>Study</h3>
        <span className="muted" data-testid="study-state">
          {study.state}
        </span>
        {study.state === 'running' && (
          <button type="button" data-testid="study-stop" disabled={busy} onClick={onStop}>
            Stop
          </button>
        )}
      </div>
      {study.state === 'running' && last && <p className="muted small">{last}</p>}
      {study.error && <p className="error">{study.error}</p>}
      {study.result && <StudyTable r={study.result} />}
    </div>
  );
}

function RegimeLine({ r }: { r: StudyResult }) {
  const g = r.regime;
  const parts = [
    `trained on ${g.train.join(', ')}`,
    g.test ? `tested on ${g.test.join(', ')}` : `split ${g.split ?? ''}`,
    `${g.seeds} seed${g.seeds > 1 ? 's' : ''} (${g.seedList.join(', ')})`,
    `weighted by ${g.prevalence} (${g.prevalenceSource})`,
    `detector max depth ${g.maxDepth ?? 'default'}, min leaf ${g.minLeaf ?? 'default'}`,
    `λ ${g.lambdaStart} → ${g.lambdaEnd}`,
    `${r.advisor.toUpperCase()} advisor`,
  ];
  const missing = Object.keys(g.classesNotInTrain);
  const dropped = Object.keys(g.testClassesDropped);
  return (
    <>
      <p className="small" data-testid="study-regime">
        {parts.join(' · ')}
      </p>
      {missing.length > 0 && (
        <p className="warn small">
          Test classes with no training flow (the detector cannot predict them):{' '}
          {missing.join(', ')}
        </p>
      )}
      {dropped.length > 0 && (
        <p className="warn small">
          Test classes the training dataset does not name (not scored): {dropped.join(', ')}
        </p>
      )}
      <p className="small muted" data-testid="study-detector">
        Detector on the test flows: macro-F1 {r.detector.macroF1.toFixed(3)}
        {r.detector.macroF1Ci95
          ? ` [${r.detector.macroF1Ci95[0].toFixed(3)}, ${r.detector.macroF1Ci95[1].toFixed(3)}]`
          : ''}
        , {Math.round(r.detector.signatures)} signatures; B’s calibration error (ECE){' '}
        {r.calibration.ece.toFixed(3)}
      </p>
    </>
  );
}

function StudyTable({ r }: { r: StudyResult }) {
  const rows = METHODS.filter((m) => r.methods[m.id]);
  return (
    <>
      <RegimeLine r={r} />
      <table className="dense" data-testid="study-table">
        <thead>
          <tr>
            <th>Method</th>
            <th className="num">Class-balanced</th>
            <th className="num">Weighted ({r.regime.prevalence})</th>
            <th className="num" title="Paired t-test over the same seeds: method − PPO">
              vs PPO (Δ, p)
            </th>
            <th className="num">Flagged for review</th>
            <th className="num" title="Area under the risk–coverage curve: lower is better">
              AURC review / B / π
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ id, label }) => {
            const m = r.methods[id]!;
            return (
              <tr key={id} data-testid="study-method-row" data-method={id}>
                <td>{label}</td>
                <td className="num" data-testid="study-avg">
                  {formatReward(m.avgReward)}
                  <span className="muted small">{ci(m.ci95?.avgReward ?? null)}</span>
                </td>
                <td className="num" data-testid="study-weighted">
                  {formatReward(m.avgRewardWeighted)}
                  <span className="muted small">{ci(m.ci95?.avgRewardWeighted ?? null)}</span>
                </td>
                <td className="num" data-testid="study-vs-ppo">
                  {m.vsPpo
                    ? `${formatReward(m.vsPpo.avgReward.meanDiff)}${ci(m.vsPpo.avgReward.ci95)}, p ${pValue(m.vsPpo.avgReward.p)}`
                    : '–'}
                </td>
                <td className="num">{formatShare(m.review.flaggedShare)}</td>
                <td className="num" data-testid="study-aurc">
                  {aurc(m.review.aurc)} / {aurc(m.review.aurcByB)} / {aurc(m.review.aurcByPi)}
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th>Oracle (train split)</th>
            <td className="num" data-testid="study-oracle-train">
              {formatReward(r.oracle.train.avgReward)}
              <span className="muted small">{ci(r.oracle.train.ci95)}</span>
            </td>
            <td className="num">{formatReward(r.oracle.train.avgRewardWeighted)}</td>
            <td colSpan={3} />
          </tr>
          <tr>
            <th>Oracle (test flows)</th>
            <td className="num" data-testid="study-oracle-test">
              {formatReward(r.oracle.test.avgReward)}
              <span className="muted small">{ci(r.oracle.test.ci95)}</span>
            </td>
            <td className="num">{formatReward(r.oracle.test.avgRewardWeighted)}</td>
            <td colSpan={3} />
          </tr>
        </tfoot>
      </table>
      <p className="muted small">
        Means over the seeds; brackets: 95% t intervals (2 or more seeds). The review columns rank
        the same recommendations by the review score, by B alone and by π alone. Finished in{' '}
        {r.seconds.toFixed(0)} s.
      </p>
    </>
  );
}
