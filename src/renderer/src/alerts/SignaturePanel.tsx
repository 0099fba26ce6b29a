/** Detail of the selected alert's signature: its decision path and Beta posterior. */
import { useEffect, useState } from 'react';
import type { AlertRow, SignatureDetail } from '../../../shared/contract';
import { useClient } from '../api/context';
import { ClassBadge } from '../components/ClassBadge';
import { flowText, formatInt, formatProb } from '../format';
import { ConfidenceCell } from './ConfidenceCell';

type Loaded = { id: number; sig: SignatureDetail | null; error: string | null };

/** Side panel for one alert; loads signatures.get when the signature changes. */
export function SignaturePanel({ alert }: { alert: AlertRow | undefined }) {
  const client = useClient();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const sigId = alert?.signatureId;

  useEffect(() => {
    if (sigId === undefined) return;
    let alive = true;
    client.api['signatures.get']({ id: sigId }).then(
      (sig) => alive && setLoaded({ id: sigId, sig, error: null }),
      (err: unknown) => alive && setLoaded({ id: sigId, sig: null, error: String(err) }),
    );
    return () => {
      alive = false;
    };
  }, [client, sigId]);

  if (!alert) {
    return (
      <aside className="panel sigpanel muted" data-testid="signature-detail-empty">
        Select an alert (click, or ↑/↓ in the table) to see its signature.
      </aside>
    );
  }
  const current = loaded && loaded.id === alert.signatureId ? loaded : null;
  return (
    <aside className="panel sigpanel" data-testid="signature-detail">
      <h3>
        Alert #{alert.id} <ClassBadge name={alert.predictedClass} />
      </h3>
      <dl className="kv">
        <dt>Flow</dt>
        <dd className="mono">{flowText(alert.src, alert.dst, alert.dstPort)}</dd>
        <dt>True class</dt>
        <dd>
          <ClassBadge name={alert.trueClass} />
        </dd>
      </dl>
      <h4>Signature #{alert.signatureId}</h4>
      {!current && <p className="muted">loading…</p>}
      {current?.error && <p className="error">{current.error}</p>}
      {current && !current.error && !current.sig && <p className="muted">Signature not found.</p>}
      {current?.sig && <SignatureBody sig={current.sig} />}
    </aside>
  );
}

function SignatureBody({ sig }: { sig: SignatureDetail }) {
  return (
    <>
      <ol className="conditions mono" data-testid="signature-conditions">
        {sig.conditions.map((c, i) => (
          <li key={i}>
            {c.feature} <b>{c.op}</b> {c.threshold.toPrecision(6)}
          </li>
        ))}
        {sig.conditions.length === 0 && <li className="muted">(root: no conditions)</li>}
      </ol>
      <dl className="kv">
        <dt title="flows this signature matched">N</dt>
        <dd data-testid="signature-n">{formatInt(sig.n)}</dd>
        <dt title="flows it classified correctly">C</dt>
        <dd data-testid="signature-c">{formatInt(sig.c)}</dd>
        <dt title="Beta prior">α, β</dt>
        <dd>
          {sig.alpha}, {sig.beta}
        </dd>
        <dt title="(α + C) / (α + β + N)">B</dt>
        <dd data-testid="signature-b">{formatProb(sig.confidence.mean)}</dd>
        <dt>95% interval</dt>
        <dd>
          {formatProb(sig.confidence.lo)} – {formatProb(sig.confidence.hi)}
        </dd>
      </dl>
      <ConfidenceCell c={sig.confidence} />
    </>
  );
}
