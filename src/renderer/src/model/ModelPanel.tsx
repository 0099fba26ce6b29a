/** The LLM's load state, and loading a GGUF file by path or unloading it. */
import { useState, type FormEvent } from 'react';
import type { AdvisorStatus, PromptStyle } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { formatBytes, formatInt } from '../format';
import { SMALL_MODEL_WARNING, formatParameters, isSmallModel } from './modelFacts';

/** Props of {@link ModelPanel}. */
export interface ModelPanelProps {
  status: AdvisorStatus;
  onStatus(status: AdvisorStatus): void;
}

/** State as a key/value list, then the path form; request errors and load errors show below. */
export function ModelPanel({ status, onStatus }: ModelPanelProps) {
  const client = useClient();
  const [path, setPath] = useState('');
  const task = useTask<AdvisorStatus, 'load' | 'unload' | 'prompt'>();
  const { busy, error: requestError } = task;
  const m = status.model;

  const setModel = (next: string | null): void => {
    void task
      .run(
        () => client.api['advisor.setModel']({ path: next }),
        next === null ? 'unload' : 'load',
        next === null ? 'Could not unload the model' : 'Could not load the model',
      )
      .then((s) => s && onStatus(s));
  };

  const setPrompt = (prompt: PromptStyle): void => {
    void task
      .run(
        () => client.api['advisor.setPrompt']({ prompt }),
        'prompt',
        'Could not change the prompt',
      )
      .then((s) => s && onStatus(s));
  };

  const onSubmit = (e: FormEvent): void => {
    e.preventDefault();
    const p = path.trim();
    if (p) setModel(p);
  };

  const error = requestError ?? (m.status === 'error' ? m.message : null);
  return (
    <div className="panel" data-testid="model-panel">
      <h3>LLM model</h3>
      <dl className="kv" data-testid="model-state" data-status={m.status}>
        <dt>State</dt>
        <dd>
          {m.status === 'none' && 'No model loaded'}
          {m.status === 'loading' && <span className="warn">Loading…</span>}
          {m.status === 'loaded' && <span className="ok">Loaded</span>}
          {m.status === 'error' && <span className="error">Failed to load</span>}
        </dd>
        {m.status !== 'none' && (
          <>
            <dt>File</dt>
            <dd className="mono ellipsis" title={m.path}>
              {m.path}
            </dd>
          </>
        )}
        {m.status === 'loaded' && (
          <>
            <dt>Name</dt>
            <dd data-testid="model-name">{m.name}</dd>
            <dt>Parameters</dt>
            <dd data-testid="model-parameters" data-parameters={m.parameters}>
              {formatParameters(m.parameters)} ({m.architecture})
            </dd>
            <dt>Quantisation</dt>
            <dd data-testid="model-quantization">{m.quantization}</dd>
            <dt>Instruction-tuned</dt>
            <dd data-testid="model-instruct" data-instruct={String(m.instructionTuned)}>
              {m.instructionTuned
                ? 'yes (chat template in the file)'
                : 'no (base model: no chat template; prompts are plain text)'}
            </dd>
            <dt>Size</dt>
            <dd>{formatBytes(m.sizeBytes)}</dd>
            <dt>Context</dt>
            <dd>{formatInt(m.contextSize)} tokens</dd>
            <dt>Threads</dt>
            <dd>{m.threads}</dd>
            <dt>Backend</dt>
            <dd data-testid="model-backend">{m.backend}</dd>
          </>
        )}
        <dt>Prompt</dt>
        <dd>
          <select
            aria-label="Advisor prompt"
            data-testid="advisor-prompt"
            value={status.prompt}
            disabled={busy !== null}
            onChange={(e) => setPrompt(e.target.value === 'paper' ? 'paper' : 'default')}
          >
            <option value="default">Rampart’s default (JSON answer)</option>
            <option value="paper">The paper’s Table III</option>
          </select>
        </dd>
      </dl>
      {m.status === 'loaded' && isSmallModel(m.parameters) && (
        <p className="warn" role="note" data-testid="model-small-warning">
          {SMALL_MODEL_WARNING}
        </p>
      )}
      <form className="row wrap" onSubmit={onSubmit}>
        <input
          type="text"
          className="grow mono"
          value={path}
          placeholder="/path/to/model.gguf"
          aria-label="GGUF model path"
          data-testid="model-path"
          onChange={(e) => setPath(e.target.value)}
        />
        <button
          type="submit"
          className="primary"
          data-testid="model-load"
          disabled={busy !== null || m.status === 'loading' || path.trim() === ''}
        >
          {busy === 'load' ? 'Loading…' : 'Load'}
        </button>
        <button
          type="button"
          data-testid="model-unload"
          disabled={busy !== null || m.status === 'none'}
          title="Unload the model; the KG advisor answers again"
          onClick={() => setModel(null)}
        >
          {busy === 'unload' ? 'Unloading…' : 'Unload'}
        </button>
      </form>
      {error && (
        <p className="error" role="alert" data-testid="model-error">
          {error}
        </p>
      )}
    </div>
  );
}
