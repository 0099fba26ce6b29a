/**
 * The flows of a console study, read back from the store: the training dataset and, for a change
 * of data source, a second loaded dataset whose labels are aligned with the first's classes by
 * name (as `rampart eval --train … --test …` aligns two sets of files).
 */
import { InvalidRequestError } from '../../../shared/contract';
import type { Catalogue } from '../../domain/catalogue/catalogue';
import { alignClasses, type StudySources } from '../../domain/eval/prepare';
import type { IngestReport } from '../../domain/ingest/types';
import type { DatasetRecord } from '../../store/records';
import type { Store } from '../../store/store';
import { readStoredMatrix } from '../loads/storedMatrix';

function refuse(issue: string): never {
  throw new InvalidRequestError('training.study', issue);
}

/** Labelled flows per class, from the dataset's load report. */
function labelledCounts(ds: DatasetRecord): Record<string, number> {
  const report = ds.report ? (JSON.parse(ds.report) as Partial<IngestReport>) : null;
  return Object.fromEntries(Object.entries(report?.classes ?? {}).filter(([, n]) => n > 0));
}

/** A ready dataset, or an InvalidRequestError saying why it cannot be studied. */
function readyDataset(store: Store, id: number, role: string): DatasetRecord {
  const ds = store.getDataset(id);
  if (!ds) refuse(`${role} dataset ${id} does not exist`);
  if (ds.status !== 'ready') refuse(`${role} dataset ${id} is ${ds.status}, not ready`);
  return ds;
}

/** How a dataset is named in a study's regime. */
export function sourceName(ds: DatasetRecord): string {
  return `#${ds.id} ${ds.name}`;
}

/**
 * Check, from the stored records alone, that the datasets can be studied: both ready, the training
 * one with labelled flows of at least two classes that the catalogue ranks actions for, the test
 * one with labelled flows. Returns their records.
 */
export function studyTargets(
  store: Store,
  datasetId: number,
  testDatasetId: number | null,
  catalogue: Catalogue,
): { train: DatasetRecord; test: DatasetRecord | null } {
  const train = readyDataset(store, datasetId, 'training');
  const counts = labelledCounts(train);
  const classes = Object.keys(counts);
  if (classes.length < 2)
    refuse(
      `training dataset ${datasetId} has labelled flows of ${classes.length} class(es): a detector needs at least two`,
    );
  const unranked = classes.filter((c) => !catalogue.ranked[c]);
  if (unranked.length)
    refuse(`the mitigation catalogue ranks no actions for ${unranked.join(', ')}: no rewards`);
  if (testDatasetId === null) return { train, test: null };
  const test = readyDataset(store, testDatasetId, 'test');
  const scored = Object.keys(labelledCounts(test)).filter((c) => classes.includes(c));
  if (scored.length === 0)
    refuse(
      `test dataset ${testDatasetId} has no labelled flows of the training dataset's classes (${classes.join(', ')})`,
    );
  return { train, test };
}

/** Read both datasets' flows (file labels) and align the test labels to the training classes. */
export async function readStudySources(
  store: Store,
  train: DatasetRecord,
  test: DatasetRecord | null,
  signal?: AbortSignal,
): Promise<StudySources> {
  const classNames = JSON.parse(train.class_names) as string[];
  const trainMatrix = await readStoredMatrix(store, train.id, signal);
  if (!test)
    return {
      train: trainMatrix,
      test: null,
      classNames,
      rowsSkipped: train.rows_skipped,
      testClassesDropped: {},
    };
  const testMatrix = await readStoredMatrix(store, test.id, signal);
  return {
    train: trainMatrix,
    test: testMatrix,
    classNames,
    rowsSkipped: train.rows_skipped + test.rows_skipped,
    testClassesDropped: alignClasses(
      testMatrix,
      JSON.parse(test.class_names) as string[],
      classNames,
    ),
  };
}
