/** Start a live feed: tail or replay a CSV on the core's machine, or open a TCP / HTTP listener. */
import { useState } from 'react';
import type { FeedStatus, RequestArgs } from '../../../shared/contract';
import { useCoreMutation } from '../api/useCore';
import { detectorOption } from '../data/DetectorText';
import { useDetectors } from '../hooks/useDatasets';

type Kind = FeedStatus['kind'];

/** What each kind does, shown under the form. */
const HELP: Record<Kind, string> = {
  tail: 'Follow a CSV that CICFlowMeter is writing (a path on the machine running Rampart).',
  replay: 'Send the rows of a CSV as if they were live, at a fixed rate.',
  tcp: 'Listen for NDJSON flows or CSV lines over TCP; the first line must be AUTH <token>.',
  http: 'Listen for POST /flows (NDJSON or CSV) with Authorization: Bearer <token>.',
};

/** Props of {@link FeedStartForm}. */
export interface FeedStartFormProps {
  onStarted(s: FeedStatus): void;
}

/** The start form; the request's error (no detector yet, port taken, ...) is shown under it. */
export function FeedStartForm({ onStarted }: FeedStartFormProps) {
  const [kind, setKind] = useState<Kind>('replay');
  const [path, setPath] = useState('');
  const [rate, setRate] = useState(1000);
  const [loop, setLoop] = useState(false);
  const [fromStart, setFromStart] = useState(false);
  const [host, setHost] = useState('127.0.0.1');
  const [port, setPort] = useState(0);
  const [detectorId, setDetectorId] = useState<number | null>(null);
  const { run, busy, error } = useCoreMutation('feed.start');
  const detectors = useDetectors();
  const fileKind = kind === 'tail' || kind === 'replay';
  // What "newest usable" means now, and the newer detector it passes over (with its warning).
  const usable = detectors.find((d) => !d.needsConfirmation) ?? null;
  const skipped = detectors.filter((d) => d.needsConfirmation && d.id > (usable?.id ?? 0));
  const picked = detectors.find((d) => d.id === detectorId) ?? null;

  const args = (): RequestArgs<'feed.start'> => {
    const chosen = detectorId === null ? {} : { detectorId };
    switch (kind) {
      case 'tail':
        return { kind, path: path.trim(), fromStart, ...chosen };
      case 'replay':
        return { kind, path: path.trim(), ratePerSec: rate, loop, ...chosen };
      case 'tcp':
      case 'http':
        return { kind, host: host.trim(), port, ...chosen };
    }
  };

  const start = (): void => {
    void run(args()).then((s) => s && onStarted(s));
  };

  return (
    <div className="feed-start" data-testid="feed-start-form">
      <div className="row wrap">
        <select
          data-testid="feed-kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as Kind)}
          aria-label="Feed kind"
        >
          <option value="replay">Replay a CSV</option>
          <option value="tail">Tail a CSV</option>
          <option value="tcp">TCP listener</option>
          <option value="http">HTTP listener</option>
        </select>
        {fileKind && (
          <input
            type="text"
            className="grow mono"
            data-testid="feed-path"
            placeholder="/path/to/flows.csv"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            aria-label="CSV path"
          />
        )}
        {kind === 'replay' && (
          <>
            <label className="check">
              rows/s
              <input
                type="number"
                data-testid="feed-rate"
                min={1}
                max={1_000_000}
                value={rate}
                onChange={(e) => setRate(Math.max(1, Math.round(Number(e.target.value) || 1)))}
                style={{ width: '8em' }}
              />
            </label>
            <label className="check">
              <input
                type="checkbox"
                data-testid="feed-loop"
                checked={loop}
                onChange={(e) => setLoop(e.target.checked)}
              />
              loop
            </label>
          </>
        )}
        {kind === 'tail' && (
          <label className="check">
            <input
              type="checkbox"
              data-testid="feed-from-start"
              checked={fromStart}
              onChange={(e) => setFromStart(e.target.checked)}
            />
            read from the top
          </label>
        )}
        {!fileKind && (
          <>
            <input
              type="text"
              className="mono"
              data-testid="feed-host"
              value={host}
              onChange={(e) => setHost(e.target.value)}
              aria-label="Listen address"
              style={{ width: '10em' }}
            />
            <label className="check">
              port
              <input
                type="number"
                data-testid="feed-port"
                min={0}
                max={65535}
                value={port}
                onChange={(e) =>
                  setPort(Math.min(65535, Math.max(0, Math.round(Number(e.target.value) || 0))))
                }
                title="0: any free port"
                style={{ width: '6em' }}
              />
            </label>
          </>
        )}
        <select
          data-testid="feed-detector-select"
          aria-label="Detector that scores the feed"
          value={detectorId ?? ''}
          onChange={(e) => setDetectorId(e.target.value === '' ? null : Number(e.target.value))}
        >
          <option value="">
            {usable
              ? `Newest usable detector (#${usable.id})`
              : 'Newest usable detector (none yet)'}
          </option>
          {detectors.map((d) => (
            <option key={d.id} value={d.id}>
              {detectorOption(d)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="primary"
          data-testid="feed-start"
          disabled={busy || (fileKind && path.trim() === '')}
          onClick={start}
        >
          {busy ? 'Starting…' : 'Start feed'}
        </button>
      </div>
      <p className="muted small">
        {HELP[kind]}
        {!fileKind && host.trim() !== '127.0.0.1' && host.trim() !== 'localhost' && (
          <span className="warn"> Other machines may reach this address.</span>
        )}
      </p>
      {(picked?.needsConfirmation ? [picked] : detectorId === null ? skipped : []).map((d) => (
        <p
          key={d.id}
          className="warn small"
          data-testid="feed-detector-warning"
          data-detector-id={d.id}
        >
          {detectorId === null
            ? `Not used for new feeds: ${d.warning ?? `detector #${d.id} needs confirmation`}`
            : d.warning}
        </p>
      ))}
      {error && (
        <p className="error" data-testid="feed-error">
          {error}
        </p>
      )}
    </div>
  );
}
