/** The detector report: per-class metrics, macro-F1, accuracy and the confusion matrix. */
import type { DatasetSummary, DetectorReport } from '../../../shared/contract';
import { useCoreQuery } from '../api/useCore';
import { formatInt, formatPct } from '../format';
import { ClassBadge } from '../components/ClassBadge';
import { ConfusionMatrix } from './ConfusionMatrix';

/** Report of the dataset's detector (or the latest detector when it has none recorded). */
export function ReportScreen({
  dataset,
  onBack,
}: {
  dataset: DatasetSummary | null;
  onBack(): void;
}) {
  const detectorId = dataset?.detectorId ?? undefined;
  const { data: report, error } = useCoreQuery(
    'detector.report',
    detectorId === undefined ? {} : { detectorId },
  );
  return (
    <section className="screen report" data-testid="report-screen">
      <div className="toolbar">
        <button type="button" data-testid="back-to-alerts" onClick={onBack}>
          ← Alerts
        </button>
        <h2>Detector report</h2>
      </div>
      {report === undefined && !error && <p className="muted">loading…</p>}
      {error && <p className="error">{error}</p>}
      {report === null && (
        <p className="muted" data-testid="report-none">
          No detector trained yet: load a labelled dataset first.
        </p>
      )}
      {report && <ReportBody r={report} />}
    </section>
  );
}

function ReportBody({ r }: { r: DetectorReport }) {
  return (
    <div className="report-body" data-testid="detector-report">
      <div className="metrics">
        <Metric label="Macro-F1" value={formatPct(r.macroF1)} testId="report-macro-f1" />
        <Metric label="Accuracy" value={formatPct(r.accuracy)} testId="report-accuracy" />
        <Metric label="Signatures" value={formatInt(r.signatures)} />
        <Metric label="Tree depth" value={String(r.depth)} />
        <Metric
          label="Train / test rows"
          value={`${formatInt(r.trainRows)} / ${formatInt(r.testRows)}`}
        />
        <Metric label="Training time" value={`${formatInt(r.trainMs)} ms`} />
      </div>
      <div className="report-grid">
        <div className="panel">
          <h3>Per class (test split)</h3>
          <table className="dense" data-testid="report-per-class">
            <thead>
              <tr>
                <th>Class</th>
                <th className="num">Precision</th>
                <th className="num">Recall</th>
                <th className="num">F1</th>
                <th className="num">Support</th>
              </tr>
            </thead>
            <tbody>
              {r.classes.map((c, j) => {
                const m = r.perClass[c];
                // A ratio with nothing under it is undefined, not 0%: no test flows of the class
                // leave recall empty, no predictions of it leave precision empty.
                const predicted = r.confusion.reduce((sum, row) => sum + (row[j] ?? 0), 0);
                const hasSupport = (m?.support ?? 0) > 0;
                return (
                  <tr
                    key={c}
                    data-testid="report-class-row"
                    className={hasSupport || predicted > 0 ? '' : 'absent'}
                  >
                    <td>
                      <ClassBadge name={c} />
                    </td>
                    <td className="num">{m && predicted > 0 ? formatPct(m.precision) : '–'}</td>
                    <td className="num">{m && hasSupport ? formatPct(m.recall) : '–'}</td>
                    <td className="num">
                      {m && (hasSupport || predicted > 0) ? formatPct(m.f1) : '–'}
                    </td>
                    <td className="num">{m ? formatInt(m.support) : '–'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <div className="panel">
          <h3>Confusion matrix</h3>
          <ConfusionMatrix classes={r.classes} matrix={r.confusion} />
        </div>
      </div>
    </div>
  );
}

function Metric({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="metric panel">
      <span className="muted">{label}</span>
      <b data-testid={testId}>{value}</b>
    </div>
  );
}
