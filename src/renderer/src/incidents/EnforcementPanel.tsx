/**
 * Enforcement of the executed containment and eradication steps: for each, the nftables, Suricata
 * and Wazuh text that carries it out, to copy and apply by hand (the console runs none of it), or
 * what to do by hand, or why nothing could be rendered.
 */
import { useRef, useState } from 'react';
import type { IncidentEnforcementView } from '../../../shared/contract';
import { actionKey, actionText, SYSTEM_NAMES } from './incidentText';

/** One system's rendering: its name and title, a Copy button, and the text as written. */
function Rendering({ r }: { r: IncidentEnforcementView['renderings'][number] }) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const name = SYSTEM_NAMES[r.system];
  // Where the clipboard is refused, the text is selected for Ctrl+C instead.
  const copy = (): void => {
    const fallback = (): void => {
      const sel = window.getSelection();
      if (sel && pre.current) sel.selectAllChildren(pre.current);
      setCopied('no');
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(r.text).then(() => setCopied('yes'), fallback);
  };
  return (
    <div data-testid="enforcement-rendering" data-system={r.system}>
      <div className="inc-render-head">
        <span className="pill">{name}</span>
        <span className="inc-render-title" data-testid="enforcement-title">
          {r.title}
        </span>
        {copied === 'no' && <span className="muted small">selected: press Ctrl+C</span>}
        <button
          type="button"
          data-testid="enforcement-copy"
          data-copied={copied ?? ''}
          title={`Copy the ${name} text`}
          onClick={copy}
        >
          {copied === 'yes' ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre ref={pre} className="inc-pre" data-testid="enforcement-text">
        {r.text}
      </pre>
    </div>
  );
}

/** The enforcement section; empty until a containment or eradication step runs. */
export function EnforcementPanel({ enforcement }: { enforcement: IncidentEnforcementView[] }) {
  return (
    <section className="dsec" data-testid="incident-enforcement">
      <h4>Enforcement (copy and apply; Rampart runs none of it)</h4>
      {enforcement.length === 0 && (
        <p className="muted">No containment or eradication step approved yet.</p>
      )}
      {enforcement.map((e) => (
        <div
          key={e.step}
          className="inc-enforce"
          data-testid="enforcement-step"
          data-step={e.step}
          data-action={actionKey(e.action)}
        >
          <div className="recline">
            <b>
              Step {e.step}: {actionText(e.action)}
            </b>
          </div>
          {e.error && (
            <p className="error" data-testid="enforcement-error">
              Not rendered: {e.error}
            </p>
          )}
          {e.manual && (
            <p data-testid="enforcement-manual">
              <span className="muted">By hand:</span> {e.manual}
            </p>
          )}
          {e.renderings.map((r) => (
            <Rendering key={r.system} r={r} />
          ))}
        </div>
      ))}
    </section>
  );
}
