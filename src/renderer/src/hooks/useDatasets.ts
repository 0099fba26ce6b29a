/** The dataset list, refreshed on datasets.changed and after the event stream reconnects. */
import type { DatasetSummary, DetectorInfo } from '../../../shared/contract';
import { useCoreQuery } from '../api/useCore';

/** How long the first load waits for the event stream before listing anyway. */
const STREAM_WAIT_MS = 3000;

/** Datasets (null until the first list resolved), the last error, and a way to list again. */
export function useDatasets(): {
  datasets: DatasetSummary[] | null;
  error: string | null;
  refresh(): void;
} {
  // Listing only once events flow means a job started right away cannot miss its progress.
  const { data, error, refetch } = useCoreQuery(
    'datasets.list',
    {},
    { refetchOn: ['datasets.changed'], waitForStreamMs: STREAM_WAIT_MS },
  );
  return { datasets: data ?? null, error, refresh: refetch };
}

/** Stored detectors, newest first (refreshed with the dataset list: loads and confirmations). */
export function useDetectors(): DetectorInfo[] {
  const { data } = useCoreQuery(
    'detector.list',
    {},
    { refetchOn: ['datasets.changed'], waitForStreamMs: STREAM_WAIT_MS },
  );
  return data ?? NO_DETECTORS;
}

const NO_DETECTORS: DetectorInfo[] = [];
