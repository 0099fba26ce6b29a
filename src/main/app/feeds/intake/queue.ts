/**
 * The bounded queue between a feed's sources and its writer. Decoders write rows straight into
 * the open batch; a full (or timed-out) batch is sealed for the writer. Its depth counts every
 * accepted flow not yet stored, and sources wait for room instead of growing it: nothing accepted
 * is dropped, and nothing beyond the capacity is buffered.
 */
import { BatchBuilder } from '../../../domain/ingest/batch';
import type { FlowBatch } from '../../../domain/ingest/types';

/** Accepted flows waiting to be stored. */
export class FlowQueue {
  /** The batch rows are parsed into. */
  open: BatchBuilder;
  private readonly sealed: FlowBatch[] = [];
  private sealedRows = 0;
  private writing = 0;
  private waiters: (() => void)[] = [];
  private closed = false;

  constructor(
    readonly name: string,
    readonly capacity: number,
    readonly batchSize: number,
    /** Called when a batch is sealed (the writer should run). */
    private readonly onSealed: () => void,
  ) {
    this.open = new BatchBuilder(name, Math.max(1, Math.min(batchSize, capacity)));
  }

  /** Flows accepted and not yet stored. */
  get depth(): number {
    return this.open.count + this.sealedRows + this.writing;
  }

  /** Whether sources must wait before adding another flow. */
  get full(): boolean {
    return this.depth >= this.capacity;
  }

  /** Call after a row was added to {@link open}: seals it once it is full. */
  added(): void {
    if (this.open.full) this.seal();
  }

  /** Hands the open batch's rows to the writer (no-op when it is empty). */
  seal(): void {
    if (this.open.count === 0) return;
    const batch = this.open.take();
    this.sealed.push(batch);
    this.sealedRows += batch.count;
    this.onSealed();
  }

  /** The next sealed batch for the writer; it stays counted in depth until {@link done}. */
  next(): FlowBatch | undefined {
    const batch = this.sealed.shift();
    if (batch) {
      this.sealedRows -= batch.count;
      this.writing += batch.count;
    }
    return batch;
  }

  /** The writer finished (stored) a batch from {@link next}: room for more. */
  done(batch: FlowBatch): void {
    this.writing -= batch.count;
    this.wake();
  }

  /** Resolves when there is room (or the queue closed); resolves at once when not full. */
  room(): Promise<void> {
    if (!this.full || this.closed) return Promise.resolve();
    // Rows parked in a partial batch would otherwise wait for the flush timer.
    this.seal();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Releases every waiter for good (the feed stops); sources then see their signal aborted. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const resolve of w) resolve();
  }
}
