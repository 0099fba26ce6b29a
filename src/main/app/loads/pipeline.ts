/**
 * The stages of a load after ingest, shared by a load and a re-classification: the detector
 * (trained in a worker when the dataset is labelled, else the newest stored one), every flow
 * classified into an alert, then the policy (trained in a worker for a new detector) and the
 * recommendations. Each stage is recorded on the job before its work starts.
 */
import type { LoadPhase, PhaseStep } from '../../../shared/contract';
import type { TrainedDetector } from '../../domain/classify/detect';
import type { FlowMatrix } from '../../domain/classify/flowMatrix';
import { trainDetectorInWorker } from '../../domain/classify/trainInWorker';
import type { Store } from '../../store/store';
import type { DecisionEngine } from '../decisions/engine';
import type { JobContext } from '../hub/jobs';
import { classifyToStore, storeDetector } from './classifyToStore';
import { defaultDetector } from './detectorChoice';
import { timedTraining } from './loadProgress';
import { loadStoredDetector } from './storedDetector';
import { checkTrainingSet, checkWarning, rowsByClass } from './trainingCheck';

/** A UI progress phase after ingest, its overall fraction and how far the phase itself is. */
export type PhaseProgress = (
  phase: Exclude<LoadPhase, 'reading'>,
  f: number,
  step?: PhaseStep,
) => void;

/** What the stages after ingest wrote. */
export interface PipelineOutcome {
  /** False only when there is no detector to classify with. */
  classified: boolean;
  /** The job was cancelled after the alerts were stored (the policy or recommend step). */
  cancelled: boolean;
  alerts: number;
  recommended: number;
  /** Why something was not done (no detector, no policy, the policy step failed). */
  note: string | null;
  /** The detector trained now failed the training-set check: the warning naming the classes. */
  warning?: string | null;
}

/**
 * Run detector → classify → policy → recommend on a dataset's rows (already stored). `detectorId`
 * (a re-score) classifies with that stored detector instead of training one; an unlabelled dataset
 * gets the newest detector that needs no confirmation.
 */
export async function detectAndRecommend(
  store: Store,
  datasetId: number,
  matrix: FlowMatrix,
  classNames: string[],
  ctx: JobContext,
  engine: DecisionEngine | undefined,
  progress: PhaseProgress,
  detectorId?: number,
): Promise<PipelineOutcome> {
  let target: { detector: TrainedDetector; detectorId: number; signatureIds: number[] } | null;
  const labelledClasses = new Set(
    Array.from(matrix.classes.subarray(0, matrix.rows)).filter((c) => c >= 0),
  );
  const trainedNow = detectorId === undefined && labelledClasses.size >= 2;
  let warning: string | null = null;
  if (trainedNow) {
    ctx.stage('detector', 0, matrix.rows);
    const detector = await timedTraining(
      matrix.rows,
      (step) => progress('training', 0.62 + 0.08 * Math.min(1, step.done / step.total), step),
      () => trainDetectorInWorker(matrix, classNames),
    );
    target = { detector, ...storeDetector(store, datasetId, detector) };
    // Checked before it scores anything: a failed check keeps it off feeds and re-scores.
    const check = checkTrainingSet(rowsByClass(matrix.classes, matrix.rows, classNames));
    store.detectorChoice.setCheck(target.detectorId, check);
    warning = checkWarning(check, target.detectorId);
  } else {
    const { usable, newest } = defaultDetector(store);
    const chosen = detectorId ?? usable?.id;
    target = chosen === undefined ? null : loadStoredDetector(store, chosen);
    if (!target) {
      const note = newest
        ? `flows stored, but not scored: ${newest.warning ?? `detector #${newest.id} needs confirmation`}`
        : 'flows stored, but there is no detector yet: load a labelled dataset to train one';
      return { classified: false, cancelled: false, alerts: 0, recommended: 0, note };
    }
  }
  store.detectorChoice.setScoredBy(datasetId, target.detectorId);
  ctx.stage('classify', 0, matrix.rows);
  const flows = (done: number): PhaseStep => ({ done, total: matrix.rows, unit: 'flows' });
  progress('classifying', 0.7, flows(0));
  const classified = await classifyToStore(
    store,
    datasetId,
    target.detectorId,
    target.signatureIds,
    target.detector,
    matrix,
    (done) => {
      ctx.stage('classify', done, matrix.rows);
      progress('classifying', 0.7 + (0.05 * done) / Math.max(1, matrix.rows), flows(done));
    },
  );
  // Alerts are stored and shown from here on; the recommendations follow.
  ctx.changed();
  if (!engine)
    return {
      classified: true,
      cancelled: false,
      alerts: classified.inserted,
      recommended: 0,
      note: warning,
      warning,
    };
  ctx.stage(trainedNow ? 'policy' : 'recommend');
  progress(trainedNow ? 'advising' : 'recommending', 0.75);
  try {
    const out = await engine.afterClassify(
      {
        datasetId,
        detectorId: target.detectorId,
        detector: target.detector,
        matrix,
        trainedNow,
        classified,
      },
      (phase, f) => {
        if (phase === 'training') {
          ctx.stage('policy', Math.round(f * 1000), 1000);
          progress('advising', 0.75 + 0.2 * f, { done: f * 100, total: 100, unit: 'percent' });
        } else {
          const done = Math.round(f * classified.alerts);
          ctx.stage('recommend', done, classified.alerts);
          progress('recommending', 0.95 + 0.05 * f, {
            done,
            total: classified.alerts,
            unit: 'alerts',
          });
        }
      },
      ctx.signal,
    );
    // A cancel can also end the policy step quietly (a cancelled training stores no policy).
    const cancelled = ctx.signal.aborted;
    return {
      classified: true,
      cancelled,
      alerts: classified.inserted,
      recommended: out.recommended,
      note: joinNotes(
        warning,
        cancelled
          ? `alerts stored, but the recommendations were cancelled (${out.recommended} made)`
          : out.note,
      ),
      warning,
    };
  } catch (err) {
    // The alerts are stored either way: a failed or cancelled policy step loses none of them.
    const why = ctx.signal.aborted ? 'cancelled' : err instanceof Error ? err.message : String(err);
    return {
      classified: true,
      cancelled: ctx.signal.aborted,
      alerts: classified.inserted,
      recommended: 0,
      note: joinNotes(warning, `alerts stored, but no recommendations were made: ${why}`),
      warning,
    };
  }
}

/** The training warning first, then what else the pipeline has to say. */
function joinNotes(warning: string | null, note: string | null): string | null {
  return warning === null ? note : note === null ? warning : `${warning} ${note}`;
}
