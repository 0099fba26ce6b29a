/**
 * Enforcement of the executed containment and eradication steps: for each, the nftables, Suricata
 * and Wazuh text that carries it out, to copy and apply by hand (the console runs none of it), or
 * what to do by hand, or why nothing could be rendered.
 */
import { useRef, useState } from 'react';
import type { IncidentEnforcementView } from '../../../shared/contract';
import { actionKey, actionText, SYSTEM_NAMES } from './incidentText';

/** A rendering's text with a Copy button; where the clipboard is refused, the text is selected. */
function CopyBlock({ text, label }: { text: string; label: string }) {
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const copy = (): void => {
    const fallback = (): void => {
      const sel = window.getSelection();
      if (sel && pre.current) sel.selectAllChildren(pre.current);
      setCopied('no');
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(text).then(() => setCopied('yes'), fallback);
  };
  return (
    <>
      <button
        type="button"
        className="inc-copy"
        data-testid="enforcement-copy"
        data-copied={copied ?? ''}
        title={`Copy the ${label} text`}
        onClick={copy}
      >
        {copied === 'yes' ? 'Copied' : 'Copy'}
      </button>
      {copied === 'no' && <span className="muted small">selected: press Ctrl+C</span>}
      <pre ref={pre} className="inc-pre" data-testid="enforcement-text">
        {text}
      </pre>
    </>
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
            <div key={r.system} data-testid="enforcement-rendering" data-system={r.system}>
              <div className="inc-render-head">
                <span className="pill">{SYSTEM_NAMES[r.system]}</span>{' '}
                <span data-testid="enforcement-title">{r.title}</span>
              </div>
              <CopyBlock text={r.text} label={SYSTEM_NAMES[r.system]} />
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
