/** Types shared by the CSV loader, the store and the detector. */

/** Why a row was skipped. Every skipped row is counted under exactly one reason. */
export type SkipReason =
  | 'column-count' // the row has more or fewer cells than the header
  | 'non-numeric' // a feature cell is not a number
  | 'empty-cell' // a feature cell is empty (truncated row)
  | 'non-finite' // no longer produced: rows with Infinity / NaN are kept (IngestReport.nonFinite)
  | 'negative-duration' // Flow Duration < 0 (a CICFlowMeter bug)
  | 'unknown-label' // the label is not in the class map
  | 'ambiguous-label' // a grouped label that maps to several classes (e.g. "BruteForce")
  | 'excluded-class' // the class map excludes it by default (Bot, Heartbleed)
  | 'io-error' // the file became unreadable mid-way (the rest of that file is lost)
  | 'repeated-header' // the header line again mid-file (CSE-CIC-IDS2018 day files)
  | 'oversize-line'; // a line over 1 MiB: no CICFlowMeter row is (skipped without being held)

/** One example of a skipped row (the first few per reason are kept). */
export interface SkipExample {
  file: string;
  line: number;
  reason: SkipReason;
  detail: string;
}

/** The CSV dialect a header was recognised as. */
export type CsvFormat =
  | 'cicids2017-ml' // MachineLearningCSV, 78 features + Label
  | 'cicids2017-traffic' // TrafficLabelling, Flow ID / IPs / ports / Timestamp + features + Label
  | 'cicids2017-improved' // Engelen et al. re-extraction, 91 columns
  | 'cse-cic-ids2018' // Dst Port, Tot Fwd Pkts, ...
  | 'unknown';

/**
 * A batch of parsed flows, columnar. Row i's features are
 * features[i * FEATURE_COUNT .. (i+1) * FEATURE_COUNT), NaN where the file lacks that feature or
 * the cell says NaN, ±Infinity where the cell says so (or overflows float32): CICFlowMeter writes
 * those for rates of zero-duration flows, which are real flows (see IngestReport.nonFinite).
 */
export interface FlowBatch {
  /** Source file of every row in this batch (a batch never spans files). */
  file: string;
  count: number;
  features: Float32Array;
  /** 1-based line number of each row in its file. */
  lines: Uint32Array;
  /** Normalised original label, or null when the file has no label column. */
  labels: (string | null)[];
  /** Index into IngestReport.classNames, or -1 for an unlabelled flow. */
  classes: Int16Array;
  srcIp: (string | null)[];
  dstIp: (string | null)[];
  /** -1 when unknown. */
  srcPort: Int32Array;
  /** -1 when unknown. */
  dstPort: Int32Array;
  /** -1 when unknown. */
  protocol: Int16Array;
  /** The timestamp text as written in the file, or null. */
  timestamps: (string | null)[];
  /** Timestamp as epoch milliseconds (UTC, as written), NaN when absent or unparseable. */
  timeMs: Float64Array;
  /** The JetStream stream sequence of each row's message (flows from a stream only). */
  streamSeqs?: Float64Array;
}

/** Per-file outcome. */
export interface FileReport {
  file: string;
  format: CsvFormat;
  bytes: number;
  rowsRead: number;
  rowsStored: number;
  rowsSkipped: number;
  labelled: boolean;
  /** Non-finite feature cells of the stored rows, per canonical feature name (see IngestReport). */
  nonFinite: Record<string, number>;
  /** Set when the file could not be read at all or stopped mid-way; the reason names file:line. */
  error: string | null;
}

/** Outcome of a load, live while it runs and final when the stream ends. */
export interface IngestReport {
  rowsRead: number;
  rowsStored: number;
  rowsSkipped: number;
  skippedByReason: Partial<Record<SkipReason, number>>;
  examples: SkipExample[];
  /**
   * A note, not a skip: non-finite feature cells (Infinity, -Infinity, NaN, inf, or a number beyond
   * float32) of the stored rows, per canonical feature name, e.g. { 'Flow Bytes/s': 12 }. Such rows
   * are kept with the value as written (NaN = missing, which the detector routes left).
   */
  nonFinite: Record<string, number>;
  /** Counts per normalised original label (every labelled row read, stored or not). */
  labels: Record<string, number>;
  /**
   * Rows skipped as excluded-class per excluded group (e.g. { Bot: 1966 }): the names that extra
   * classes would keep (ReadOptions.extraClasses, the Data screen's field, --extra-classes).
   */
  excluded: Record<string, number>;
  /** Counts per class of the rows stored. */
  classes: Record<string, number>;
  /** Class names that FlowBatch.classes indexes: the eight paper classes, then extras. */
  classNames: string[];
  files: FileReport[];
  bytesRead: number;
  totalBytes: number;
  elapsedMs: number;
  mibPerSec: number;
  cancelled: boolean;
}
