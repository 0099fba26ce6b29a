/** A growable in-memory feature matrix (row-major Float32) with class labels, for training. */
import { FEATURE_COUNT } from '../ingest/schema';

/** Rows appended batch by batch; storage doubles as needed, so appends are amortised O(1). */
export class FlowMatrix {
  rows = 0;
  features: Float32Array = new Float32Array(0);
  classes: Int16Array = new Int16Array(0);
  /** Store flow id of each row (0 when the rows were not stored). */
  flowIds = new Float64Array(0);

  /** Append rows (features row-major, FEATURE_COUNT wide). */
  append(features: Float32Array, classes: Int16Array, count: number, flowIds?: Float64Array): void {
    this.reserve(this.rows + count);
    this.features.set(features.subarray(0, count * FEATURE_COUNT), this.rows * FEATURE_COUNT);
    this.classes.set(classes.subarray(0, count), this.rows);
    if (flowIds) this.flowIds.set(flowIds.subarray(0, count), this.rows);
    this.rows += count;
  }

  /** The filled part of the feature matrix (no spare capacity). */
  get featureView(): Float32Array {
    return this.features.subarray(0, this.rows * FEATURE_COUNT);
  }

  /** The filled part of the class labels. */
  get classView(): Int16Array {
    return this.classes.subarray(0, this.rows);
  }

  /** Number of rows with a class label. */
  labelledRows(): number {
    let n = 0;
    for (let i = 0; i < this.rows; i++) if ((this.classes[i] ?? -1) >= 0) n++;
    return n;
  }

  private reserve(rows: number): void {
    if (rows <= this.classes.length) return;
    const cap = Math.max(rows, Math.ceil(this.classes.length * 1.5), 8192);
    const f = new Float32Array(cap * FEATURE_COUNT);
    f.set(this.features.subarray(0, this.rows * FEATURE_COUNT));
    const c = new Int16Array(cap);
    c.set(this.classes.subarray(0, this.rows));
    const ids = new Float64Array(cap);
    ids.set(this.flowIds.subarray(0, this.rows));
    this.features = f;
    this.classes = c;
    this.flowIds = ids;
  }
}
