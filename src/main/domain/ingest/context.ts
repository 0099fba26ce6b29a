/** The state of one load shared by its files: the live report, label decisions, timing, cancel. */
import { TRAFFIC_CLASSES } from '../../../shared/classes';
import type { ClassMap } from './classMap';
import { LabelTable } from './labelTable';
import { FEATURES } from './schema';
import type { FileReport, FlowBatch, IngestReport, SkipReason } from './types';

/** The load settings the context needs (see ReadOptions for their meaning and defaults). */
export interface ContextOptions {
  signal?: AbortSignal;
  batchSize: number;
  extraClasses: readonly string[];
  maxExamplesPerReason: number;
  onProgress?: (r: Readonly<IngestReport>) => void;
}

/** How often onProgress may fire. */
const PROGRESS_INTERVAL_MS = 100;

/** Bookkeeping for one load. */
export class LoadContext {
  readonly report: IngestReport;
  readonly labels: LabelTable;
  private readonly examplesPerReason = new Map<SkipReason, number>();
  private startedAt = 0;
  private lastProgress = 0;

  constructor(
    readonly options: ContextOptions,
    classMap: ClassMap,
  ) {
    const extras = options.extraClasses.filter(
      (c, i, all) => !(TRAFFIC_CLASSES as readonly string[]).includes(c) && all.indexOf(c) === i,
    );
    const classNames = [...TRAFFIC_CLASSES, ...extras];
    this.labels = new LabelTable(classMap, classNames, extras);
    this.report = {
      rowsRead: 0,
      rowsStored: 0,
      rowsSkipped: 0,
      skippedByReason: {},
      examples: [],
      nonFinite: {},
      labels: {},
      excluded: {},
      classes: {},
      classNames,
      files: [],
      bytesRead: 0,
      totalBytes: 0,
      elapsedMs: 0,
      mibPerSec: 0,
      cancelled: false,
    };
  }

  /** Starts the clock (at the first pull, not at construction). */
  start(): void {
    this.startedAt = performance.now();
  }

  /** True once the signal fired; marks the report cancelled. */
  aborted(): boolean {
    if (this.options.signal?.aborted !== true) return false;
    this.report.cancelled = true;
    return true;
  }

  /** Counts a skipped row and keeps it as an example while its reason has fewer than N. */
  skip(file: FileReport, reason: SkipReason, line: number, detail: string): void {
    const r = this.report;
    r.rowsSkipped++;
    file.rowsSkipped++;
    r.skippedByReason[reason] = (r.skippedByReason[reason] ?? 0) + 1;
    const kept = this.examplesPerReason.get(reason) ?? 0;
    if (kept < this.options.maxExamplesPerReason) {
      this.examplesPerReason.set(reason, kept + 1);
      r.examples.push({ file: file.file, line, reason, detail });
    }
  }

  /**
   * Accounts for a batch about to be handed to the consumer; `nonFinite` counts its non-finite
   * cells per canonical feature (BatchBuilder.nonFinite).
   */
  stored(file: FileReport, batch: FlowBatch, nonFinite: Uint32Array): void {
    file.rowsStored += batch.count;
    this.report.rowsStored += batch.count;
    nonFinite.forEach((n, f) => {
      if (n === 0) return;
      const name = FEATURES[f]!;
      file.nonFinite[name] = (file.nonFinite[name] ?? 0) + n;
      this.report.nonFinite[name] = (this.report.nonFinite[name] ?? 0) + n;
    });
    const perClass = new Int32Array(this.report.classNames.length);
    for (let i = 0; i < batch.count; i++) {
      const c = batch.classes[i]!;
      if (c >= 0) perClass[c]!++;
    }
    const classes = this.report.classes;
    perClass.forEach((n, c) => {
      if (n > 0) {
        const name = this.report.classNames[c]!;
        classes[name] = (classes[name] ?? 0) + n;
      }
    });
  }

  /** Counts bytes taken from a file. */
  read(file: FileReport, bytes: number): void {
    file.bytes += bytes;
    this.report.bytesRead += bytes;
  }

  /** Refreshes the timing and label counts; calls onProgress at most every 100 ms unless final. */
  tick(final = false): void {
    const now = performance.now();
    if (!final && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    const r = this.report;
    r.elapsedMs = now - this.startedAt;
    r.mibPerSec = r.elapsedMs > 0 ? r.bytesRead / 2 ** 20 / (r.elapsedMs / 1000) : 0;
    r.labels = this.labels.counts();
    r.excluded = this.labels.excludedCounts();
    this.options.onProgress?.(r);
  }
}
