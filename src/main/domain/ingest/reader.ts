/** readFlows: the streaming loader's entry point, over files or any byte sources. */
import { DEFAULT_BATCH_SIZE } from './batch';
import { loadClassMap, type ClassMap } from './classMap';
import { LoadContext } from './context';
import { readSource, type SourceSize } from './fileReader';
import { fileSource, type ByteSource } from './source';
import type { FlowBatch, IngestReport } from './types';

/** Options of {@link readFlows}. */
export interface ReadOptions {
  /** Cancels the load: the stream ends early with report.cancelled = true (it does not throw). */
  signal?: AbortSignal;
  /** Rows per FlowBatch. Default 8192. */
  batchSize?: number;
  /**
   * Labels or excluded groups to keep as extra classes after the eight (e.g. ['Bot']). Default
   * none: Bot / Botnet / Heartbleed rows are skipped as excluded-class.
   */
  extraClasses?: string[];
  /** Skipped-row examples kept per reason. Default 5. */
  maxExamplesPerReason?: number;
  /** Called with the live report at most every 100 ms, and once at the end. */
  onProgress?: (r: Readonly<IngestReport>) => void;
  /** The label → class map. Default: loadClassMap() (resources/class-map.json). */
  classMap?: ClassMap;
}

/** The batches of a load; `report` is live while it runs and final once iteration ends. */
export interface FlowStream extends AsyncIterable<FlowBatch> {
  readonly report: IngestReport;
}

/**
 * Streams CICFlowMeter CSV files (any mix of the supported dialects) as FlowBatches, in order,
 * one file after the other. Per-file problems are reported, never thrown; iterate once.
 */
export function readFlows(paths: readonly string[], options: ReadOptions = {}): FlowStream {
  return readSources(paths.map(fileSource), options);
}

/** {@link readFlows} over arbitrary byte sources (tests feed it failing streams). */
export function readSources(sources: readonly ByteSource[], options: ReadOptions = {}): FlowStream {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1 << 20) {
    throw new RangeError(`batchSize must be an integer in 1..${1 << 20}, got ${batchSize}`);
  }
  const maxExamples = options.maxExamplesPerReason ?? 5;
  if (!Number.isInteger(maxExamples) || maxExamples < 0) {
    throw new RangeError(`maxExamplesPerReason must be a non-negative integer, got ${maxExamples}`);
  }
  const ctx = new LoadContext(
    {
      signal: options.signal,
      batchSize,
      extraClasses: options.extraClasses ?? [],
      maxExamplesPerReason: maxExamples,
      onProgress: options.onProgress,
    },
    options.classMap ?? loadClassMap(),
  );
  let iterated = false;
  return {
    report: ctx.report,
    [Symbol.asyncIterator]() {
      if (iterated) throw new Error('a FlowStream can be iterated only once');
      iterated = true;
      return run(sources, ctx);
    },
  };
}

async function* run(sources: readonly ByteSource[], ctx: LoadContext): AsyncGenerator<FlowBatch> {
  ctx.start();
  try {
    if (ctx.aborted()) return;
    const sizes = await Promise.all(sources.map(openSize));
    ctx.report.totalBytes = sizes.reduce((sum, s) => sum + ('size' in s ? (s.size ?? 0) : 0), 0);
    for (let i = 0; i < sources.length; i++) {
      yield* readSource(sources[i]!, sizes[i]!, ctx);
      if (ctx.aborted()) return;
    }
  } finally {
    ctx.tick(true);
  }
}

async function openSize(src: ByteSource): Promise<SourceSize> {
  try {
    return { size: await src.size() };
  } catch (err) {
    return { error: (err as Error).message };
  }
}
