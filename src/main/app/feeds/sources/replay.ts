/**
 * Replays a CICFlowMeter CSV as if it were live: its rows are emitted at `ratePerSec` (a token
 * bucket with a 50 ms burst), once or in a loop. Backpressure: the file is not read while the
 * queue is full, and the bucket does not bank tokens meanwhile.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { basename } from 'node:path';
import {
  decodeLast,
  decodeLines,
  sleep,
  splitter,
  type FeedSource,
  type Intake,
} from '../intake/intake';

const READ_BYTES = 1 << 16;

/** Token-bucket pacing: take() is null while a token is free, else the wait for the next one. */
export class TokenBucket {
  private tokens = 1;
  private last = performance.now();
  private readonly burst: number;

  constructor(
    private readonly ratePerSec: number,
    private readonly signal: AbortSignal,
    burstMs = 50,
  ) {
    this.burst = Math.max(1, (ratePerSec * burstMs) / 1000);
  }

  /** Takes a token: null when one was free, else a promise that resolves once it is. */
  take(): Promise<void> | null {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    const ms = ((1 - this.tokens) * 1000) / this.ratePerSec;
    return sleep(Math.max(1, ms), this.signal).then(() => {
      this.refill();
      this.tokens -= 1;
    });
  }

  private refill(): void {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSec) / 1000);
    this.last = now;
  }
}

/** The `replay` feed source. */
export class ReplaySource implements FeedSource {
  readonly address = null;
  private stream: ReadStream | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly path: string,
    private readonly ratePerSec: number,
    private readonly loop: boolean,
  ) {}

  async start(intake: Intake): Promise<{ done: Promise<void> }> {
    this.running = this.run(intake);
    return { done: this.running };
  }

  async close(): Promise<void> {
    this.stream?.destroy();
    await this.running?.catch(() => {});
  }

  private async run(intake: Intake): Promise<void> {
    const name = basename(this.path);
    const bucket = new TokenBucket(this.ratePerSec, intake.signal);
    const pace = (): Promise<void> | null => bucket.take();
    for (let pass = 1; !intake.signal.aborted; pass++) {
      const where =
        pass === 1 ? (n: number) => `${name}:${n}` : (n: number) => `${name}:${n} (pass ${pass})`;
      const decoder = intake.decoder('file', where);
      const lines = splitter(intake);
      const stream = createReadStream(this.path, { highWaterMark: READ_BYTES });
      this.stream = stream;
      intake.connections(1);
      let complete = true;
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          lines.push(chunk);
          if (!(await decodeLines(lines, decoder, intake, pace))) {
            complete = false;
            break;
          }
        }
        if (complete) await decodeLast(lines, decoder, intake);
      } catch (err) {
        if (!intake.signal.aborted) throw new Error(`${this.path}: ${(err as Error).message}`);
      } finally {
        stream.destroy();
        this.stream = null;
        intake.connections(-1);
      }
      if (decoder.headerError !== null) throw new Error(decoder.headerError);
      if (!decoder.hasHeader && !intake.signal.aborted)
        throw new Error(`${this.path}: empty file (no header line)`);
      // A file with no data rows would loop without end.
      if (!this.loop || decoder.line <= 1) return;
      await sleep(0, intake.signal);
    }
  }
}
