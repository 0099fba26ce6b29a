/** The LLM's load state, and loading a GGUF file by path or unloading it. */
import { useState, type FormEvent } from 'react';
import type { AdvisorStatus } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { formatBytes, formatInt } from '../format';

/** Props of {@link ModelPanel}. */
export interface ModelPanelProps {
  status: AdvisorStatus;
  onStatus(status: AdvisorStatus): void;
}

/** State as a key/value list, then the path form; request errors and load errors show below. */
export function ModelPanel({ status, onStatus }: ModelPanelProps) {
  const client = useClient();
  const [path, setPath] = useState('');
  const task = useTask<AdvisorStatus, 'load' | 'unload'>();
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
            <dt>Size</dt>
            <dd>{formatBytes(m.sizeBytes)}</dd>
            <dt>Context</dt>
            <dd>{formatInt(m.contextSize)} tokens</dd>
            <dt>Threads</dt>
            <dd>{m.threads}</dd>
            <dt>Backend</dt>
            <dd>{m.backend}</dd>
          </>
        )}
      </dl>
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
