/** What a feed gives its source, and the loop every source runs its lines through. */
import type { FeedConfig } from './config';
import type { MalformedReason } from './counters';
import type { DecodeMode, StreamDecoder } from './decoder';
import { LineSplitter, Next } from './lines';

/** The feed as its source sees it. */
export interface Intake {
  readonly config: FeedConfig;
  /** Aborted when the feed stops: sources stop reading and close what they opened. */
  readonly signal: AbortSignal;
  /** A decoder for one stream; `where(n)` names its line n in examples. */
  decoder(mode: DecodeMode, where: (line: number) => string, firstLine?: number): StreamDecoder;
  /** Whether the queue is full (sources must wait for {@link room} before the next line). */
  readonly full: boolean;
  /** Resolves once the queue has room or the feed stops. */
  room(): Promise<void>;
  /** Counts an input refused before decoding (e.g. a bad token) with where it came from. */
  refuse(reason: MalformedReason, where: string, detail: string): void;
  /** Open connections / requests / files changed by `delta`. */
  connections(delta: number): void;
  /** A condition worth showing that does not stop the feed (null clears it). */
  note(message: string | null): void;
}

/** A producer of lines: a file tail, a replay, a TCP or an HTTP listener. */
export interface FeedSource {
  /** Listening address (tcp, http) once started; null for files. */
  readonly address: { host: string; port: number } | null;
  /**
   * Starts producing. Resolves once listening or opened (rejects when it cannot, e.g. the port is
   * taken); the returned `done` settles when a finite source delivered everything (replay without
   * loop) and never otherwise.
   */
  start(intake: Intake): Promise<{ done: Promise<void> }>;
  /** Stops producing and closes every listener, connection and file it opened. */
  close(): Promise<void>;
}

/**
 * Decodes every complete line held by the splitter, waiting for queue room before each one (so a
 * full queue stops the source from reading: its socket, request or file is not read meanwhile).
 * Returns false when the stream cannot go on (a file's header is not CICFlowMeter's) or the feed
 * stopped; lines not yet decoded are then left unread, and were never counted.
 */
export async function decodeLines(
  lines: LineSplitter,
  decoder: StreamDecoder,
  intake: Intake,
  pace?: () => Promise<void> | null,
): Promise<boolean> {
  const signal = intake.signal;
  for (;;) {
    // Checked before every line: once the feed stops, nothing more may enter the queue.
    if (signal.aborted) return false;
    if (intake.full) {
      await intake.room();
      continue;
    }
    const k = lines.next();
    if (k === Next.None) return true;
    if (k === Next.Oversize) {
      decoder.oversize(lines.maxLineBytes);
      continue;
    }
    const wait = pace?.();
    if (wait) {
      await wait;
      if (signal.aborted) return false;
    }
    if (!decoder.decode(lines.buf, lines.start, lines.end)) return false;
  }
}

/** Decodes the stream's last line when it had no line break (the sender closed after it). */
export async function decodeLast(
  lines: LineSplitter,
  decoder: StreamDecoder,
  intake: Intake,
): Promise<void> {
  while (intake.full && !intake.signal.aborted) await intake.room();
  if (intake.signal.aborted) return;
  if (lines.finish() === Next.Line) decoder.decode(lines.buf, lines.start, lines.end);
}

/** A new splitter with the feed's line limit. */
export function splitter(intake: Intake): LineSplitter {
  return new LineSplitter(intake.config.maxLineBytes);
}

/** Sleep for ms, or less when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
