/**
 * The hypotheses about the incident, scored on its alerts and the analyst's answers: score,
 * precision (how many of its predictions held), kept or dropped, and the evidence each way.
 */
import type { IncidentHypothesisView } from '../../../shared/contract';
import { formatShare } from '../format';
import { techniqueText } from './incidentText';

/** One hypothesis' evidence, folded (it repeats the signals). */
function Evidence({ h }: { h: IncidentHypothesisView }) {
  return (
    <details className="inc-hyp-evidence">
      <summary className="muted small">
        evidence: {h.evidenceFor.length} for, {h.evidenceAgainst.length} against;{' '}
        {h.tests.filter((t) => t.observed === null).length} tests open
      </summary>
      <div className="inc-evidence">
        <ul data-testid="hypothesis-for">
          {h.evidenceFor.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
          {h.evidenceFor.length === 0 && <li className="muted">none for</li>}
        </ul>
        <ul data-testid="hypothesis-against">
          {h.evidenceAgainst.map((e, i) => (
            <li key={i}>{e}</li>
          ))}
          {h.evidenceAgainst.length === 0 && <li className="muted">none against</li>}
        </ul>
      </div>
      <ul className="small" data-testid="hypothesis-tests">
        {h.tests.map((t) => (
          <li
            key={t.indicator}
            data-observed={t.observed === null ? 'open' : String(t.observed === t.expected)}
          >
            {t.observed === null ? '?' : t.observed === t.expected ? '✓' : '✗'} {t.indicator}{' '}
            {t.expected ? 'seen' : 'not seen'}
            <span className="muted">
              {t.counts ? ' (counts toward precision)' : ' (weighs only)'}
              {t.observed === null && ' — not observed yet: would confirm or refute it'}
            </span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The hypotheses section; the leading one is marked. */
export function HypothesisList({
  hypotheses,
  leading,
}: {
  hypotheses: IncidentHypothesisView[];
  leading: string | null;
}) {
  if (hypotheses.length === 0) return null;
  return (
    <section className="dsec" data-testid="incident-hypotheses">
      <h4>Hypotheses</h4>
      <ul className="inc-hyps">
        {hypotheses.map((h) => (
          <li
            key={h.id}
            data-testid="hypothesis"
            data-hypothesis={h.id}
            data-facet={h.facet}
            data-kept={h.kept}
            data-leading={h.id === leading}
            className={h.kept ? undefined : 'dropped'}
          >
            <div>
              {h.id === leading && <span title="Leading hypothesis">★ </span>}
              <b>{h.name}</b>{' '}
              <span className={`pill ${h.kept ? 'inc-kept' : 'inc-dropped'}`}>
                {h.kept ? 'kept' : 'dropped'}
              </span>
            </div>
            <div className="small">
              <span className="mono muted">{h.id}</span> · score{' '}
              <span className="mono" data-testid="hypothesis-score">
                {formatShare(h.score)}
              </span>{' '}
              ·{' '}
              <span
                className="mono"
                data-testid="hypothesis-precision"
                title="Share of its predictions that held, over the evaluated ones"
              >
                precision {h.evaluated ? h.precision.toFixed(2) : '–'}
              </span>{' '}
              <span className="muted">
                ({h.evaluated} evaluated) · {h.facet}
                {h.techniques.length > 0 && (
                  <span data-testid="hypothesis-techniques" title={h.techniques.join(', ')}>
                    {' · '}
                    {h.techniques.map(techniqueText).join(', ')}
                  </span>
                )}
              </span>
            </div>
            <Evidence h={h} />
          </li>
        ))}
      </ul>
    </section>
  );
}
