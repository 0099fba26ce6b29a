/**
 * The advisor the console uses: the LLM advisor while a GGUF is loaded, else the KG advisor (and
 * always labelled which). Owns the model manager, the model-path setting and the download of the
 * recommended model.
 */
import { join } from 'node:path';
import type { AdvisorStatus, PromptStyle } from '../../../shared/contract';
import type { Catalogue } from '../../domain/catalogue/catalogue';
import type { Advice, Advisor, AdvisorQuery } from '../../domain/catalogue/types';
import { KgAdvisor, type KnowledgeGraph } from '../../domain/kg';
import {
  downloadModel,
  LlmAdvisor,
  ModelManager,
  RECOMMENDED_MODEL,
  type ModelState,
} from '../../domain/llm';
import type { Store } from '../../store/store';

const MODEL_SETTING = 'advisor.modelPath';
const PROMPT_SETTING = 'advisor.prompt';
/** Uncached LLM calls averaged for the latency shown in Model settings. */
const LATENCY_WINDOW = 20;
/** advisor.changed carries a new latency at most this often. */
const LATENCY_ANNOUNCE_MS = 1000;

/** Advice plus the advisor that gave it and the model file, for the record. */
export interface HostedAdvice extends Advice {
  model: string | null;
}

/** Chooses and runs the advisor; reports its status on every change. */
export class AdvisorHost {
  readonly manager = new ModelManager();
  private readonly llmByKg = new WeakMap<KnowledgeGraph, LlmAdvisor>();
  private readonly kgByKg = new WeakMap<KnowledgeGraph, KgAdvisor>();
  private readonly latencies: number[] = [];
  private lastLatencyAnnounce = 0;
  private latencyTimer: NodeJS.Timeout | null = null;
  private download: AdvisorStatus['download'] = {
    state: 'idle',
    receivedBytes: 0,
    totalBytes: null,
    jobId: null,
    error: null,
  };

  constructor(
    private readonly store: Store,
    private readonly catalogue: Catalogue,
    private readonly modelsDir: string,
    private readonly onChange: (s: AdvisorStatus) => void,
  ) {
    this.manager.onState(() => {
      // Latency belongs to the model that made the calls: unloading it or loading another
      // starts the figure afresh instead of showing a model that is gone.
      if (this.manager.state.status !== 'loaded') this.latencies.length = 0;
      this.onChange(this.status());
    });
  }

  /** Load the GGUF saved in settings, if any (in the background: start-up does not wait). */
  restore(): void {
    const path = this.store.engine.getSetting<string>(MODEL_SETTING);
    // A saved path that now names the database's own files is never opened (store/ownFiles.ts).
    if (path && this.store.ownFileProblem(path) === null)
      void this.manager.load({ modelPath: path });
  }

  /** The advisor for a graph: the LLM's when a model is loaded, else the KG advisor. */
  advisorFor(kg: KnowledgeGraph): Advisor {
    if (this.manager.state.status === 'loaded') {
      let llm = this.llmByKg.get(kg);
      if (!llm) this.llmByKg.set(kg, (llm = new LlmAdvisor(this.manager, this.catalogue, kg)));
      llm.promptStyle = this.promptStyle();
      return llm;
    }
    let adv = this.kgByKg.get(kg);
    if (!adv) this.kgByKg.set(kg, (adv = new KgAdvisor(kg)));
    return adv;
  }

  /**
   * Drop the LLM's cached answers about a graph whose records now read differently (it names its
   * signatures anew); the KG advisor notices by itself (KnowledgeGraph.textStamp).
   */
  recordsChanged(kg: KnowledgeGraph): void {
    this.llmByKg.get(kg)?.clearCache();
  }

  /** Identifies the advisor answering now: 'kg', or 'llm:' + the loaded model's path and generation. */
  activeKey(): string {
    const s = this.manager.state;
    return s.status === 'loaded' ? `llm:${s.path}:${this.manager.loadedGeneration}` : 'kg';
  }

  /** Ask the current advisor, recording LLM latency; names the model file with LLM advice. */
  async advise(kg: KnowledgeGraph, q: AdvisorQuery, signal?: AbortSignal): Promise<HostedAdvice> {
    const advisor = this.advisorFor(kg);
    const t0 = performance.now();
    const a = await advisor.advise(q, signal);
    const state = this.manager.state;
    if (a.source === 'llm' && !('cached' in a && a.cached)) {
      this.latencies.push(performance.now() - t0);
      if (this.latencies.length > LATENCY_WINDOW) this.latencies.shift();
      this.announceLatency();
    }
    const model =
      a.source === 'llm' && state.status === 'loaded'
        ? state.name
        : a.source === 'llm'
          ? '?'
          : null;
    return { ...a, model };
  }

  /**
   * Load a GGUF or unload with null, as `actor`; resolves to the new status. The path is
   * remembered for the next start only once it loaded; the change is audited (advisor.setModel,
   * with the state it reached) in the same transaction.
   */
  async setModel(path: string | null, actor: string): Promise<AdvisorStatus> {
    const previous = this.store.engine.getSetting<string | null>(MODEL_SETTING) ?? null;
    let status = 'none';
    if (path === null) await this.manager.unload();
    else status = (await this.manager.load({ modelPath: path })).status;
    const loaded = path === null || status === 'loaded';
    this.store.transaction(() => {
      if (loaded) this.store.engine.putSetting(MODEL_SETTING, path);
      this.store.appendAudit({
        actor,
        action: 'advisor.setModel',
        subject: path === null ? 'advisor:kg' : 'advisor:llm',
        detail: { previous, path, status },
      });
    });
    return this.status();
  }

  /** The prompt the LLM advisor fills: 'default' or the paper's Table III ('paper'). */
  promptStyle(): PromptStyle {
    return this.store.engine.getSetting<PromptStyle>(PROMPT_SETTING) === 'paper'
      ? 'paper'
      : 'default';
  }

  /** Choose the LLM advisor's prompt as `actor` (saved and audited); resolves to the new status. */
  setPrompt(prompt: PromptStyle, actor: string): AdvisorStatus {
    const previous = this.promptStyle();
    this.store.transaction(() => {
      this.store.engine.putSetting(PROMPT_SETTING, prompt);
      this.store.appendAudit({
        actor,
        action: 'advisor.setPrompt',
        subject: 'advisor:llm',
        detail: { previous, prompt },
      });
    });
    const status = this.status();
    this.onChange(status);
    return status;
  }

  /**
   * Download the recommended model into the models folder (progress, cancel, SHA-256 check), then
   * load it as `actor`. `report` is called as bytes arrive.
   */
  async downloadRecommended(jobId: string, signal: AbortSignal, actor: string): Promise<string> {
    this.setDownload({ state: 'downloading', receivedBytes: 0, jobId, error: null });
    try {
      const path = await downloadModel(RECOMMENDED_MODEL, {
        dest: join(this.modelsDir, RECOMMENDED_MODEL.fileName),
        signal,
        onProgress: (p) =>
          this.setDownload({ receivedBytes: p.receivedBytes, totalBytes: p.totalBytes }),
      });
      this.setDownload({ state: 'done' });
      await this.setModel(path, actor);
      return path;
    } catch (err) {
      const cancelled = signal.aborted;
      this.setDownload({
        state: cancelled ? 'cancelled' : 'failed',
        error: cancelled ? null : err instanceof Error ? err.message : String(err),
      });
      throw err;
    }
  }

  private setDownload(patch: Partial<AdvisorStatus['download']>): void {
    this.download = { ...this.download, ...patch };
    this.onChange(this.status());
  }

  /** What Model settings shows. */
  status(): AdvisorStatus {
    const lat = this.latencies;
    return {
      active: this.manager.state.status === 'loaded' ? 'llm' : 'kg',
      model: modelView(this.manager.state),
      latencyMs: lat.length ? lat.reduce((a, b) => a + b, 0) / lat.length : null,
      prompt: this.promptStyle(),
      recommended: {
        name: RECOMMENDED_MODEL.name,
        sizeBytes: RECOMMENDED_MODEL.sizeBytes,
        license: RECOMMENDED_MODEL.license,
        url: RECOMMENDED_MODEL.url,
      },
      download: { ...this.download },
    };
  }

  /**
   * Tell the Model screen the new latency: at once for the first call, then at most once a
   * second (a bulk recommendation makes many calls), the last one never lost.
   */
  private announceLatency(): void {
    if (this.latencyTimer) return;
    const wait = this.lastLatencyAnnounce + LATENCY_ANNOUNCE_MS - Date.now();
    const announce = (): void => {
      this.latencyTimer = null;
      this.lastLatencyAnnounce = Date.now();
      this.onChange(this.status());
    };
    if (wait <= 0) announce();
    else (this.latencyTimer = setTimeout(announce, wait)).unref();
  }

  /** Release the model. */
  async dispose(): Promise<void> {
    if (this.latencyTimer) clearTimeout(this.latencyTimer);
    this.latencyTimer = null;
    await this.manager.dispose();
  }
}

function modelView(s: ModelState): AdvisorStatus['model'] {
  return { ...s };
}
