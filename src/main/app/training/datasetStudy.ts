/**
 * A stored dataset as the learners see it: its flows read back from SQLite, its detector, the
 * detector's train/test split rebuilt, and the study's alert rows for both splits.
 */
import { InvalidRequestError } from '../../../shared/contract';
import { signatureCounts } from '../../domain/detector';
import type { Catalogue } from '../../domain/catalogue/catalogue';
import { studyDataOf, type StudyData } from '../../domain/eval/prepare';
import type { IngestReport } from '../../domain/ingest/types';
import { labelledSplit } from '../../domain/classify/detect';
import type { FlowMatrix } from '../../domain/classify/flowMatrix';
import { loadStoredDetector } from '../loads/storedDetector';
import { readStoredMatrix } from '../loads/storedMatrix';
import type { Store } from '../../store/store';

/** What a run trains on, checked from the stored records alone (no flow is read). */
export interface TrainTarget {
  datasetId: number;
  detectorId: number;
  /** The detector was trained on this dataset (its split can be rebuilt exactly). */
  ownDetector: boolean;
  /** Labelled flows of the dataset whose class the detector knows. */
  labelled: number;
}

function refuse(issue: string): never {
  throw new InvalidRequestError('training.start', issue);
}

/**
 * The dataset and its detector (the dataset's own, else the newest), or an InvalidRequestError
 * saying why it cannot be trained on: missing, still loading, no detector, no labelled flows.
 */
export function trainTarget(store: Store, datasetId: number, catalogue: Catalogue): TrainTarget {
  const ds = store.getDataset(datasetId);
  if (!ds) refuse(`dataset ${datasetId} does not exist`);
  if (ds.status !== 'ready') refuse(`dataset ${datasetId} is ${ds.status}, not ready`);
  const own = store.getDetector(undefined, datasetId);
  const det = own ?? store.getDetector();
  if (!det) refuse('there is no detector yet: load a labelled dataset first');
  const detClasses = JSON.parse(det.class_names) as string[];
  const unranked = detClasses.filter((c) => !catalogue.ranked[c]);
  if (unranked.length)
    refuse(`the mitigation catalogue ranks no actions for ${unranked.join(', ')}: no rewards`);
  const report = ds.report ? (JSON.parse(ds.report) as Partial<IngestReport>) : null;
  const fromLabels = Object.entries(report?.classes ?? {})
    .filter(([name]) => detClasses.includes(name))
    .reduce((sum, [, n]) => sum + n, 0);
  // With another dataset's detector (a live feed, an unlabelled load) the analyst's dispositions
  // label flows too: that is how decisions on live traffic reach the next policy.
  const labelled = own ? fromLabels : fromLabels + store.engine.analystLabels(datasetId).size;
  if (labelled === 0)
    refuse(
      `dataset ${datasetId} has no labelled flows of the detector's classes: rewards need each flow's true class`,
    );
  return { datasetId, detectorId: det.id, ownDetector: own !== undefined, labelled };
}

/** Point the matrix's class indices at the detector's class list (unknown classes: unlabelled). */
function remapClasses(m: FlowMatrix, from: readonly string[], to: readonly string[]): void {
  const map = Int16Array.from(from, (name) => to.indexOf(name));
  for (let i = 0; i < m.rows; i++) {
    const c = m.classes[i] ?? -1;
    m.classes[i] = c >= 0 ? (map[c] ?? -1) : -1;
  }
}

/**
 * Read the dataset back and rebuild the detector's split.
 *
 * Own detector: the load trained it with `trainDetector` on the matrix it had just read, and
 * `readStoredMatrix` returns the very same rows in the same order (one stored chunk per batch,
 * stored class indices untouched by later decisions), so `labelledSplit` with the detector's
 * stored split fraction and seed reproduces its split exactly; the row counts are checked against
 * the stored ones. N and C are recounted on that training split, as the detector had them when
 * the load trained its policy (the stored counts have since taken in the test split and analyst
 * decisions).
 *
 * Another dataset's detector never split these flows: the analyst's dispositions label flows
 * (over the file's labels), they are split with the same function, fraction and seed, and the
 * states use the signatures' stored N and C (what the console shows).
 */
export async function loadDatasetStudy(
  store: Store,
  target: TrainTarget,
  catalogue: Catalogue,
  signal?: AbortSignal,
): Promise<StudyData> {
  const stored = loadStoredDetector(store, target.detectorId);
  if (!stored) throw new Error(`detector ${target.detectorId} is no longer in the store`);
  const det = stored.detector;
  const matrix = await readStoredMatrix(store, target.datasetId, signal);
  const ds = store.getDataset(target.datasetId);
  if (!ds) throw new Error(`dataset ${target.datasetId} is no longer in the store`);
  if (!target.ownDetector) {
    remapClasses(matrix, JSON.parse(ds.class_names) as string[], det.classNames);
    const labels = store.engine.analystLabels(target.datasetId);
    for (let i = 0; i < matrix.rows; i++) {
      const cls = labels.get(matrix.flowIds[i] ?? -1);
      const k = cls === undefined ? -1 : det.classNames.indexOf(cls);
      if (k >= 0) matrix.classes[i] = k;
    }
  }
  const { train, test } = labelledSplit(matrix, det.options.split, det.options.seed);
  if (train.length === 0) throw new Error(`dataset ${target.datasetId} has no labelled flows`);
  let { n, c } = det;
  if (target.ownDetector) {
    const rec = store.getDetector(target.detectorId);
    if (rec && (rec.train_rows !== train.length || rec.test_rows !== test.length))
      throw new Error(
        `could not rebuild detector ${target.detectorId}'s split: ${train.length} / ${test.length} rows, stored ${rec.train_rows} / ${rec.test_rows}`,
      );
    ({ n, c } = signatureCounts(
      det.tree,
      matrix.featureView,
      matrix.rows,
      matrix.classView,
      train,
    ));
  }
  return studyDataOf({ ...det, train, test, n, c }, matrix, catalogue);
}
