/** Where a file's bytes come from: a path on disk, or (in tests) any chunked byte stream. */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

/** Read size: big enough to amortise per-chunk work, small enough to never hold a whole file. */
export const CHUNK_BYTES = 1 << 20;

/** A named stream of bytes to load. */
export interface ByteSource {
  /** Name used in reports, examples and FlowBatch.file. */
  readonly name: string;
  /**
   * Size in bytes, or null when unknown (a pipe). Rejects when the source cannot be opened; the
   * error's message becomes the file's error.
   */
  size(): Promise<number | null>;
  /** The bytes in chunks; the iterator throws if reading fails mid-way. */
  chunks(): AsyncIterable<Uint8Array>;
}

/** A file on disk, read with an fs stream in {@link CHUNK_BYTES} chunks. */
export function fileSource(path: string): ByteSource {
  return {
    name: path,
    async size() {
      const s = await stat(path);
      if (s.isDirectory()) throw new Error('is a directory');
      return s.isFile() ? s.size : null;
    },
    chunks() {
      return createReadStream(path, { highWaterMark: CHUNK_BYTES });
    },
  };
}
