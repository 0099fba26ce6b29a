/** Preallocated columnar storage for one FlowBatch, filled row by row by the parser. */
import { FEATURE_COUNT } from './schema';
import type { FlowBatch } from './types';

/** Default rows per FlowBatch. */
export const DEFAULT_BATCH_SIZE = 8192;

/** Columns of a batch being filled; a fresh set is allocated after each {@link take}. */
export class BatchBuilder {
  features!: Float32Array;
  lines!: Uint32Array;
  labels!: (string | null)[];
  classes!: Int16Array;
  srcIp!: (string | null)[];
  dstIp!: (string | null)[];
  srcPort!: Int32Array;
  dstPort!: Int32Array;
  protocol!: Int16Array;
  timestamps!: (string | null)[];
  timeMs!: Float64Array;
  /** Non-finite cells of the rows so far, per canonical feature (a note for the load report). */
  nonFinite!: Uint32Array;
  count = 0;

  constructor(
    readonly file: string,
    readonly capacity: number,
  ) {
    this.allocate();
  }

  /** Whether no further row fits. */
  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Hands the filled rows over as a FlowBatch (trimmed to count); `more` starts a new one. */
  take(more = true): FlowBatch {
    const n = this.count;
    const whole = n === this.capacity;
    // A short batch is copied so that it does not pin (or, when transferred, ship) the full buffer.
    const cut = <T extends Float32Array | Uint32Array | Int16Array | Int32Array | Float64Array>(
      a: T,
      width = 1,
    ): T => (whole ? a : (a.slice(0, n * width) as T));
    const trim = <T>(a: T[]): T[] => {
      a.length = n;
      return a;
    };
    const batch: FlowBatch = {
      file: this.file,
      count: n,
      features: cut(this.features, FEATURE_COUNT),
      lines: cut(this.lines),
      labels: trim(this.labels),
      classes: cut(this.classes),
      srcIp: trim(this.srcIp),
      dstIp: trim(this.dstIp),
      srcPort: cut(this.srcPort),
      dstPort: cut(this.dstPort),
      protocol: cut(this.protocol),
      timestamps: trim(this.timestamps),
      timeMs: cut(this.timeMs),
    };
    if (more) this.allocate();
    return batch;
  }

  private allocate(): void {
    const n = this.capacity;
    // Features a file lacks stay NaN: the parser only ever writes the columns the file has.
    this.features = new Float32Array(n * FEATURE_COUNT).fill(NaN);
    this.lines = new Uint32Array(n);
    this.labels = new Array<string | null>(n).fill(null);
    this.classes = new Int16Array(n).fill(-1);
    this.srcIp = new Array<string | null>(n).fill(null);
    this.dstIp = new Array<string | null>(n).fill(null);
    this.srcPort = new Int32Array(n).fill(-1);
    this.dstPort = new Int32Array(n).fill(-1);
    this.protocol = new Int16Array(n).fill(-1);
    this.timestamps = new Array<string | null>(n).fill(null);
    this.timeMs = new Float64Array(n).fill(NaN);
    this.nonFinite = new Uint32Array(FEATURE_COUNT);
    this.count = 0;
  }
}
