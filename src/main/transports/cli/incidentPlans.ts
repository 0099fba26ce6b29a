/** `rampart incidents --plan`: each attack incident's entities, hypotheses and next step. */
import { IncidentCase } from '../../app/incidentDesk/grounded';
import type { IrAlert } from '../../domain/ir/core/types';
import { indexContext } from '../../domain/ir/grounded';
import {
  incidentConfig,
  type GroupedIncident,
  type IncidentConfig,
} from '../../domain/ir/grouping';
import type { IncidentObservationRow, IncidentStepRow } from '../../store/incidents';
import { table } from './format';

/** One incident's plan as `--plan --json` prints it. */
export interface PlannedIncident {
  id: string;
  family: string;
  alerts: number;
  firstSeen: string;
  lastSeen: string;
  entities: {
    attackers: { address: string; seenAs: string[]; internal: boolean }[];
    victims: string[];
    services: string[];
    externalPeers: string[];
    protocols: Record<string, number>;
  };
  signals: { id: string; present: boolean; detail: string }[];
  hypotheses: {
    id: string;
    facet: string;
    name: string;
    score: number;
    kept: boolean;
    precision: number;
  }[];
  /** The recommended step: null when the agent abstains (`why` says so) or all is done. */
  next: { verb: string; target: string | null; expects: string; why: string } | null;
  candidates: { verb: string; target: string | null; expectedCost: number }[];
  steps: number;
  abstainReason: string | null;
}

/** Plan every attack incident (false positives are left out) from its stored steps, if any. */
export function planIncidents(
  incidents: readonly GroupedIncident[],
  alerts: readonly IrAlert[],
  gateways: readonly string[],
  config: Partial<IncidentConfig>,
  stored?: Map<string, { steps: IncidentStepRow[]; observations: IncidentObservationRow[] }>,
): PlannedIncident[] {
  const grouping = {
    alerts,
    context: indexContext(alerts),
    gateways,
    maxAlertId: alerts.reduce((m, a) => Math.max(m, a.alertId ?? 0), 0),
  };
  const cfg = incidentConfig(config);
  return incidents
    .filter((i) => !i.falsePositive)
    .map((i) => {
      const c = new IncidentCase(i, grouping, cfg);
      const s = stored?.get(i.id) ?? { steps: [], observations: [] };
      const a = c.assess(s.steps, s.observations);
      const p = c.response.perception;
      const rec = a.recovered ? null : a.recommended;
      return {
        id: i.id,
        family: i.family,
        alerts: i.alerts.length,
        firstSeen: new Date(i.firstSeen).toISOString(),
        lastSeen: new Date(i.lastSeen).toISOString(),
        entities: {
          attackers: p.attackers.map((x) => ({
            address: x.address,
            seenAs: x.seenAs.map((y) => y.address),
            internal: x.internal,
          })),
          victims: p.victims.map((v) => v.address),
          services: p.services.map((v) => v.target),
          externalPeers: p.externalPeers.map((v) => v.address),
          protocols: p.protocols,
        },
        signals: p.signals,
        hypotheses: a.hypotheses.map((h) => ({
          id: h.id,
          facet: h.facet,
          name: h.name,
          score: Number(h.score.toFixed(4)),
          kept: h.kept,
          precision: Number(h.precision.toFixed(3)),
        })),
        next: rec && {
          verb: rec.action.verb,
          target: rec.action.target,
          expects: rec.prediction.text,
          why: rec.why,
        },
        candidates: a.candidates.map((x) => ({
          verb: x.action.verb,
          target: x.action.target,
          expectedCost: Number(x.expectedCost.toFixed(2)),
        })),
        steps: s.steps.filter((x) => x.decision !== 'reject').length,
        abstainReason: a.recovered
          ? 'every needed stage is done: close the incident'
          : a.abstainReason,
      };
    });
}

/** The plans as a table and, per incident, its hypotheses. */
export function printPlans(plans: readonly PlannedIncident[]): void {
  console.log(
    table(
      ['incident', 'family', 'attackers', 'victims', 'leading hypotheses', 'next step'],
      plans.map((p) => {
        const lead = [...new Set(p.hypotheses.map((h) => h.facet))].map((f) => {
          const h = p.hypotheses.filter((x) => x.facet === f).sort((a, b) => b.score - a.score)[0]!;
          return `${h.id} ${(h.score * 100).toFixed(0)}%`;
        });
        return [
          p.id,
          p.family,
          p.entities.attackers
            .map((a) =>
              a.seenAs.some((s) => s !== a.address)
                ? `${a.address} (as ${a.seenAs.join(',')})`
                : a.address,
            )
            .join(','),
          p.entities.victims.slice(0, 5).join(','),
          lead.join('; ') || '-',
          p.next ? `${p.next.verb} ${p.next.target ?? ''}`.trim() : (p.abstainReason ?? '-'),
        ];
      }),
    ),
  );
}
