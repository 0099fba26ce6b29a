/**
 * The what-if in the family's twin scenario, boxed apart and labelled SIMULATED: a simulation on
 * the scenario's own hosts, never an observation of this network and never evidence.
 */
import type { IncidentDetail } from '../../../shared/contract';

/** The box; nothing when the family has no twin scenario. */
export function WhatIfBox({ whatIf }: { whatIf: IncidentDetail['whatIf'] }) {
  if (!whatIf) return null;
  return (
    <section
      className="dsec inc-whatif"
      data-testid="incident-what-if"
      data-label={whatIf.label}
      data-scenario={whatIf.scenarioId}
      aria-label="Simulated what-if, not evidence"
    >
      <h4>
        <span className="pill inc-simulated" data-testid="what-if-label">
          {whatIf.label}
        </span>{' '}
        What-if in a twin scenario — not evidence
      </h4>
      <p data-testid="what-if-text">{whatIf.text}</p>
      <p className="muted small">
        Scenario: {whatIf.scenarioTitle} (its own hosts, not this network). Nothing here feeds the
        hypotheses or the plan above.
      </p>
    </section>
  );
}
