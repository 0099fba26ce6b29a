/**
 * Owner of the LLM's native resources (llama binding, model, context, one sequence): loads them
 * under a lock, lends them to one caller at a time, and disposes them explicitly.
 */
import { readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { GgmlType, GgufFileType, getLlama } from 'node-llama-cpp';
import type { Llama, LlamaContext, LlamaContextSequence, LlamaModel } from 'node-llama-cpp';
import { AbortError, Mutex, throwIfAborted } from './lock';
import type { ModelState } from '../../../shared/contract/model';

/** What to load; every optional field documents its default. */
export interface ModelSettings {
  /** Path of a GGUF file. */
  modelPath: string;
  /** CPU threads; default 1 for models under 50 MB (more only over-subscribes), else physical cores. */
  threads?: number;
  /**
   * Context size in tokens; default min(4096, the model's training context). An explicit value is
   * used as given, even past the training context (out of distribution: only toy-model tests do).
   */
  contextSize?: number;
  /**
   * How prompts are laid out: 'auto' (default) uses the model's chat template when its GGUF ships
   * one (an instruction-tuned model) and plain text otherwise; 'chat' forces node-llama-cpp's chat
   * wrapper for the architecture (e.g. Gemma's turns) even without a template; 'plain' never does.
   */
  promptFormat?: 'auto' | 'chat' | 'plain';
}

/** How the manager gets its llama binding. */
export interface ModelManagerOptions {
  /** GPU backend: 'auto' (default; falls back to CPU when no GPU binding loads) or false (CPU only). */
  gpu?: 'auto' | false;
}

/** The manager's state, as the Model settings screen shows it (defined in the contract). */
export type { ModelState };

/** The loaded resources lent to a caller inside `use`. */
export interface LoadedModel {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  /** The single sequence; its history persists between calls (callers reuse its prefix). */
  sequence: LlamaContextSequence;
  /** Bumped on every load, so callers can drop what they cached about an older sequence. */
  generation: number;
  /** Whether the model ships a chat template (instruction-tuned) or is a plain text model. */
  hasChatTemplate: boolean;
  /** How prompts are laid out for this model (ModelSettings.promptFormat, resolved). */
  promptFormat: 'chat' | 'plain';
}

/** Thrown when the LLM is used with no model loaded. */
export class NoModelError extends Error {
  constructor() {
    super('no LLM loaded: choose a GGUF in Model settings; the KG advisor is used');
    this.name = 'NoModelError';
  }
}

const SMALL_MODEL_BYTES = 50 * 1024 * 1024;

/** Physical CPU cores (Linux: distinct physical/core id pairs), else the logical count. */
export function physicalCores(): number {
  try {
    const pairs = new Set<string>();
    let phys = '0';
    for (const line of readFileSync('/proc/cpuinfo', 'utf8').split('\n')) {
      const [k = '', v = ''] = line.split(':').map((s) => s.trim());
      if (k === 'physical id') phys = v;
      else if (k === 'core id') pairs.add(`${phys}/${v}`);
    }
    if (pairs.size > 0) return pairs.size;
  } catch {
    // not Linux: fall through
  }
  return Math.max(1, availableParallelism());
}

/** The default thread count for a model file of `sizeBytes`. */
export function defaultThreads(sizeBytes: number): number {
  return sizeBytes < SMALL_MODEL_BYTES ? 1 : physicalCores();
}

/** Loads one GGUF at a time and serialises every use of it. */
export class ModelManager {
  private readonly lock = new Mutex();
  private readonly gpu: 'auto' | false;
  private llama: Llama | null = null;
  private loaded: LoadedModel | null = null;
  private current: ModelState = { status: 'none' };
  private generation = 0;
  private readonly listeners = new Set<(s: ModelState) => void>();
  /** Aborted by unload/dispose so an in-flight call stops instead of holding the lock. */
  private users = new AbortController();
  private disposed = false;

  constructor(opts: ModelManagerOptions = {}) {
    this.gpu = opts.gpu ?? 'auto';
  }

  /** The current state. */
  get state(): ModelState {
    return this.current;
  }

  /** The generation of the loaded model (bumped on every load), or -1 when none is loaded. */
  get loadedGeneration(): number {
    return this.loaded?.generation ?? -1;
  }

  /** Subscribe to state changes; returns the unsubscribe function. */
  onState(listener: (s: ModelState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(s: ModelState): void {
    this.current = s;
    for (const l of this.listeners) l(s);
  }

  /** Load a GGUF, replacing any loaded model; resolves to the new state (loaded or error). */
  async load(settings: ModelSettings, signal?: AbortSignal): Promise<ModelState> {
    this.interruptUsers();
    return this.lock.run(async () => {
      if (this.disposed) throw new Error('the model manager was disposed');
      await this.release();
      const path = settings.modelPath;
      this.set({ status: 'loading', path });
      try {
        const sizeBytes = statSync(path).size;
        const llama = await this.binding();
        throwIfAborted(signal);
        const model = await llama.loadModel({ modelPath: path, loadSignal: signal });
        let context: LlamaContext;
        const threads = settings.threads ?? defaultThreads(sizeBytes);
        const trained = model.trainContextSize;
        try {
          context = await model.createContext({
            // Positions past the training context are out of distribution: the default never goes
            // beyond it; an explicit contextSize is the caller's (tests of toy models use it).
            contextSize: settings.contextSize ?? Math.min(4096, trained),
            threads,
            sequences: 1,
            // Sliding-window models (Gemma 3: 512) would otherwise drop early KV cells, and every
            // rewind or prefix reuse past the window would re-evaluate the whole prompt.
            swaFullCache: true,
            createSignal: signal,
          });
        } catch (err) {
          await model.dispose();
          throw err;
        }
        this.generation++;
        const sequence = context.getSequence();
        const info = describeModel(model);
        const format = settings.promptFormat ?? 'auto';
        const promptFormat =
          format === 'auto' ? (info.instructionTuned ? 'chat' : 'plain') : format;
        this.loaded = {
          llama,
          model,
          context,
          sequence,
          generation: this.generation,
          hasChatTemplate: info.instructionTuned,
          promptFormat,
        };
        const backend = llama.gpu === false ? 'cpu' : llama.gpu;
        this.set({
          status: 'loaded',
          path,
          name: info.name ?? basename(path),
          sizeBytes,
          contextSize: context.contextSize,
          threads,
          backend,
          parameters: info.parameters,
          quantization: info.quantization,
          instructionTuned: info.instructionTuned,
          architecture: info.architecture,
        });
      } catch (err) {
        const aborted = signal?.aborted === true;
        const message = aborted ? 'loading was cancelled' : loadErrorMessage(path, err);
        this.set(aborted ? { status: 'none' } : { status: 'error', path, message });
        if (aborted) throw new AbortError(message);
      }
      return this.current;
    });
  }

  /** Dispose the loaded model (the llama binding stays for the next load). */
  async unload(): Promise<void> {
    this.interruptUsers();
    await this.lock.run(async () => {
      await this.release();
      this.set({ status: 'none' });
    });
  }

  /** Run `fn` with exclusive use of the loaded model; throws NoModelError when none is loaded. */
  async use<T>(
    fn: (m: LoadedModel, signal: AbortSignal) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const users = this.users.signal;
    const both = signal ? AbortSignal.any([signal, users]) : users;
    return this.lock.run(async () => {
      if (!this.loaded) throw new NoModelError();
      return fn(this.loaded, both);
    }, both);
  }

  /** Free everything, the llama binding included; the manager cannot be used afterwards. */
  async dispose(): Promise<void> {
    this.interruptUsers();
    await this.lock.run(async () => {
      this.disposed = true;
      await this.release();
      await this.llama?.dispose();
      this.llama = null;
      this.set({ status: 'none' });
    });
  }

  private interruptUsers(): void {
    this.users.abort(new AbortError('the model is being replaced or unloaded'));
    this.users = new AbortController();
  }

  private async release(): Promise<void> {
    const l = this.loaded;
    this.loaded = null;
    if (!l) return;
    await l.context.dispose(); // disposes its sequences too
    await l.model.dispose();
  }

  private async binding(): Promise<Llama> {
    if (this.llama) return this.llama;
    // build: 'never' everywhere: the app must never compile or download llama.cpp at run time.
    if (this.gpu === 'auto') {
      try {
        this.llama = await getLlama({ gpu: 'auto', build: 'never', progressLogs: false });
        return this.llama;
      } catch {
        // no usable GPU binding on this machine: use the CPU one
      }
    }
    this.llama = await getLlama({ gpu: false, build: 'never', progressLogs: false });
    return this.llama;
  }
}

/** What a GGUF says about itself: name, architecture, parameters, quantisation, chat template. */
export interface ModelInfo {
  /** general.name, when the file has one. */
  name: string | null;
  /** general.architecture (llama, gemma3, qwen2, …). */
  architecture: string;
  /** Total parameters, counted from the tensor shapes. */
  parameters: number;
  /** The file type (general.file_type) as llama.cpp names it, e.g. Q4_K_M; else the dominant tensor type. */
  quantization: string;
  /** Whether tokenizer.chat_template is present: the mark of an instruction-tuned model. */
  instructionTuned: boolean;
}

/** Read the loaded model's metadata (node-llama-cpp parsed it while loading). */
export function describeModel(model: LlamaModel): ModelInfo {
  const meta = model.fileInfo.metadata;
  const ft = meta.general?.file_type;
  const ftName = ft === undefined ? undefined : (GgufFileType as Record<number, string>)[ft];
  const dominant = model.fileInsights.dominantTensorType;
  const quantization =
    ftName?.replace(/^MOSTLY_/, '') ??
    (dominant === undefined ? 'unknown' : (GgmlType[dominant] ?? String(dominant)));
  const template = meta.tokenizer?.chat_template;
  return {
    name: meta.general?.name ?? null,
    architecture: String(meta.general?.architecture ?? 'unknown'),
    parameters: model.fileInsights.totalParameters,
    quantization,
    instructionTuned: typeof template === 'string' && template.trim() !== '',
  };
}

function loadErrorMessage(path: string, err: unknown): string {
  const m = err instanceof Error ? err.message : String(err);
  if (/ENOENT/.test(m)) return `model file not found: ${path}`;
  return `cannot load ${basename(path)}: ${m}`;
}
