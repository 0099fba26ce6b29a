/**
 * The flows a replay evaluation plays back: labelled CICFlowMeter rows read with the project's
 * loader, the detector trained on a seeded stratified split of them, and the held-out rows, in
 * time order, each with what the detector said about it. Rows without a timestamp or addresses
 * cannot be placed on the replay's clock and are counted, not guessed.
 */
import { FlowMatrix } from '../../classify/flowMatrix';
import { classifyMatrix, trainDetector, type TrainedDetector } from '../../classify/detect';
import { readFlows, type ReadOptions } from '../../ingest';
import type { IngestReport } from '../../ingest/types';

/** One replayed flow: where it goes, what it truly was and what the detector called it. */
export interface ReplayFlow {
  /** Position in time order (ties broken by file and line), also the alert id it raises. */
  id: number;
  t: number;
  src: string;
  dst: string;
  srcPort: number | null;
  dstPort: number | null;
  protocol: number | null;
  /** The ground-truth label as written (normalised), e.g. "FTP-Patator"; "BENIGN" for benign. */
  label: string;
  benign: boolean;
  /** The detector's class ("Benign" for no alert) and its leaf's Beta mean accuracy. */
  predicted: string;
  confidence: number;
}

/** What was read and how the detector was built. */
export interface ReplayData {
  flows: ReplayFlow[];
  report: IngestReport;
  detector: {
    classNames: string[];
    trainRows: number;
    testRows: number;
    macroF1: number;
    accuracy: number;
  };
  /** Held-out rows left out of the replay for want of a timestamp or an address. */
  unplaceable: number;
}

/** How the replay data is built (each documents its default). */
export interface ReplayDataOptions {
  /** Share of labelled rows the detector trains on (default 0.5); the rest is replayed. */
  trainShare?: number;
  /** Seed of the split and the tree (default 1). */
  seed?: number;
  /** Train the detector on these files instead of a split of the replayed ones. */
  train?: readonly string[];
  /** Extra classes to keep (default ['Bot', 'Heartbleed']: every labelled attack counts). */
  extraClasses?: string[];
  signal?: ReadOptions['signal'];
}

interface Meta {
  t: number;
  src: string | null;
  dst: string | null;
  srcPort: number;
  dstPort: number;
  protocol: number;
  label: string | null;
  order: number;
}

const BENIGN = /^benign$/i;

/** Rows read with their features and what the replay needs of each. */
async function readRows(paths: readonly string[], opts: ReplayDataOptions) {
  const stream = readFlows(paths, {
    extraClasses: opts.extraClasses ?? ['Bot', 'Heartbleed'],
    signal: opts.signal,
  });
  const matrix = new FlowMatrix();
  const meta: Meta[] = [];
  let order = 0;
  for await (const b of stream) {
    matrix.append(b.features, b.classes, b.count);
    for (let i = 0; i < b.count; i++)
      meta.push({
        t: b.timeMs[i]!,
        src: b.srcIp[i] ?? null,
        dst: b.dstIp[i] ?? null,
        srcPort: b.srcPort[i]!,
        dstPort: b.dstPort[i]!,
        protocol: b.protocol[i]!,
        label: b.labels[i] ?? null,
        order: order++,
      });
  }
  if (matrix.labelledRows() === 0)
    throw new Error(`no labelled rows in ${paths.join(', ')}: a replay needs the Label column`);
  return { matrix, meta, report: stream.report };
}

/** Labelled classes present in a matrix. */
function classesIn(m: FlowMatrix, names: readonly string[]): string[] {
  const seen = new Set<number>();
  for (let i = 0; i < m.rows; i++) if ((m.classes[i] ?? -1) >= 0) seen.add(m.classes[i]!);
  return [...seen].map((c) => names[c] ?? String(c));
}

/**
 * Read the CSVs and train the detector: on a seeded split of them (the other part is replayed),
 * or, with `opts.train`, on those files whole (then every row of `paths` is replayed: a change of
 * data source).
 */
export async function replayData(
  paths: readonly string[],
  opts: ReplayDataOptions = {},
): Promise<ReplayData> {
  const { matrix, meta, report } = await readRows(paths, opts);
  const seed = opts.seed ?? 1;
  let detector: TrainedDetector;
  if (opts.train?.length) {
    const tr = await readRows(opts.train, opts);
    detector = trainDetector(tr.matrix, tr.report.classNames, { seed }, matrix);
  } else {
    const present = classesIn(matrix, report.classNames);
    if (present.length < 2)
      throw new Error(
        `the labelled rows of ${paths.join(', ')} are all ${present[0] ?? '?'}: the detector needs two classes or more; add benign traffic (--background BENIGN.csv) or train it on other files (--train FILE…)`,
      );
    detector = trainDetector(matrix, report.classNames, { split: opts.trainShare ?? 0.5, seed });
  }
  const { leaves, predicted } = classifyMatrix(detector.tree, matrix);
  const flows: ReplayFlow[] = [];
  let unplaceable = 0;
  for (const r of detector.test) {
    const m = meta[r]!;
    if (!Number.isFinite(m.t) || !m.src || !m.dst || m.label === null) {
      unplaceable++;
      continue;
    }
    const leaf = leaves[r]!;
    const n = detector.n[leaf] ?? 0;
    const c = detector.c[leaf] ?? 0;
    flows.push({
      id: m.order,
      t: m.t,
      src: m.src,
      dst: m.dst,
      srcPort: m.srcPort >= 0 ? m.srcPort : null,
      dstPort: m.dstPort >= 0 ? m.dstPort : null,
      protocol: m.protocol >= 0 ? m.protocol : null,
      label: m.label,
      benign: BENIGN.test(m.label),
      predicted: detector.classNames[predicted[r]!] ?? 'Benign',
      confidence: (c + 1) / (n + 2),
    });
  }
  if (!flows.length)
    throw new Error(
      `none of the ${unplaceable} held-out rows of ${paths.join(', ')} has a timestamp and both addresses: a replay needs the Timestamp, Src IP and Dst IP columns (the original MachineLearningCSV files lack them)`,
    );
  flows.sort((a, b) => a.t - b.t || a.id - b.id);
  flows.forEach((f, i) => (f.id = i + 1));
  return {
    flows,
    report,
    detector: {
      classNames: detector.classNames,
      trainRows: detector.train.length,
      testRows: detector.test.length,
      macroF1: detector.report.macroF1,
      accuracy: detector.report.accuracy,
    },
    unplaceable,
  };
}
