/**
 * The training dashboard: pick a method and its hyperparameters, train on the shown dataset in
 * the core's worker thread, follow the live curve, losses and speed, pause / resume / stop, and
 * read the test-split evaluation against the oracle.
 */
import type { DatasetSummary } from '../../../shared/contract';
import { EvaluationPanel } from './EvaluationPanel';
import { RunPanel } from './RunPanel';
import { StudyForm } from './StudyForm';
import { StudyPanel } from './StudyPanel';
import { TrainingForm } from './TrainingForm';
import { useStudy } from './useStudy';
import { useTraining } from './useTraining';
import { useCoreQuery } from '../api/useCore';
import './training.css';

/** Props of {@link TrainingScreen}. */
export interface TrainingScreenProps {
  /** The dataset picked in the header (trained on). */
  dataset: DatasetSummary | null;
  /** The app's classes, for the evaluation table's order. */
  classes: string[];
}

/** The screen. */
export function TrainingScreen({ dataset, classes }: TrainingScreenProps) {
  const { run, error, busy, start, control } = useTraining();
  const active = run !== null && (run.state === 'running' || run.state === 'paused');
  const studies = useStudy();
  const datasets = useCoreQuery('datasets.list', {}, { refetchOn: ['datasets.changed'] });
  const studying = studies.study?.state === 'running';
  return (
    <section className="screen training" data-testid="training-screen">
      <div className="toolbar">
        <h2>Training</h2>
        <span className="muted">
          {dataset ? `on #${dataset.id} ${dataset.name}` : 'no dataset picked'}
        </span>
      </div>
      {error && (
        <p className="panel error" data-testid="training-error">
          {error}
        </p>
      )}
      <div className="training-grid">
        <TrainingForm
          datasetId={dataset?.id ?? null}
          disabled={busy || active}
          onStart={(args) => void start(args)}
        />
        <div className="training-live">
          {run ? (
            <RunPanel run={run} busy={busy} onControl={(a) => void control(a)} />
          ) : (
            <p className="panel muted" data-testid="training-none">
              No training run yet. Runs train on the dataset’s labelled flows, on the same
              train/test split as its detector, in a worker thread.
            </p>
          )}
          {run?.evaluation && (
            <EvaluationPanel evaluation={run.evaluation} method={run.method} classes={classes} />
          )}
        </div>
      </div>
      {studies.error && (
        <p className="panel error" data-testid="study-error">
          {studies.error}
        </p>
      )}
      <div className="training-grid">
        <StudyForm
          datasetId={dataset?.id ?? null}
          datasets={datasets.data ?? []}
          disabled={studies.busy || studying}
          onStart={(args) => void studies.start(args)}
        />
        <div className="training-live">
          {studies.study && (
            <StudyPanel
              study={studies.study}
              busy={studies.busy}
              onStop={() => void studies.stop()}
            />
          )}
        </div>
      </div>
    </section>
  );
}
