/**
 * The incident's own entities, read from its alerts: attackers, victims and external peers with
 * every address each was seen as (a NAT alias is named as one), the services hit, the protocols,
 * the NAT gateways folded, the alert kinds with their ATT&CK techniques and the alert rate.
 */
import type { IncidentEntitiesView, IncidentHostView } from '../../../shared/contract';
import { formatInt } from '../format';
import { techniqueText } from './incidentText';

/** "seen as 172.16.0.1 (NAT alias) 3,972 alerts", or the host's own count when it has no alias. */
function seenAsText(h: IncidentHostView): string {
  const aliases = h.seenAs.filter((s) => s.via === 'alias');
  if (aliases.length === 0) return `${formatInt(h.alerts)} alerts`;
  const parts = aliases.map(
    (s) => `seen as ${s.address} (NAT alias) ${formatInt(s.alerts)} alerts`,
  );
  const itself = h.seenAs.find((s) => s.via === 'itself');
  if (itself) parts.push(`as itself ${formatInt(itself.alerts)} alerts`);
  return parts.join('; ');
}

function HostGroup({ title, hosts }: { title: string; hosts: IncidentHostView[] }) {
  if (hosts.length === 0) return null;
  return (
    <div className="inc-hosts">
      <span className="muted small">{title}</span>
      <ul>
        {hosts.map((h) => (
          <li
            key={h.address}
            data-testid="entity-host"
            data-role={h.role}
            data-address={h.address}
            data-aliases={h.seenAs
              .filter((s) => s.via === 'alias')
              .map((s) => s.address)
              .join(' ')}
          >
            <b className="mono">{h.address}</b> —{' '}
            <span data-testid="entity-seen-as">{seenAsText(h)}</span>{' '}
            <span className="muted small">
              {h.internal ? 'internal' : 'external'}
              {h.families.length > 0 && ` · ${h.families.join(', ')}`}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The entities section; nothing for an incident without any (a false positive). */
export function EntitiesPanel({ entities }: { entities: IncidentEntitiesView | null }) {
  if (!entities) return null;
  const e = entities;
  const protocols = Object.entries(e.protocols).sort((a, b) => b[1] - a[1]);
  return (
    <section className="dsec" data-testid="incident-entities">
      <h4>Entities (from this incident’s alerts)</h4>
      <div className="inc-entities">
        <HostGroup title="Attackers" hosts={e.attackers} />
        <HostGroup title="Victims" hosts={e.victims} />
        <HostGroup title="External peers" hosts={e.externalPeers} />
      </div>
      <dl className="inc-facts">
        <dt>Services</dt>
        <dd>
          {e.services.length === 0 && <span className="muted">—</span>}
          {e.services.map((s) => (
            <span
              key={s.target}
              className="inc-fact"
              data-testid="entity-service"
              data-target={s.target}
            >
              <span className="mono">{s.target}</span> {s.name} · {formatInt(s.alerts)}
            </span>
          ))}
        </dd>
        <dt>Protocols</dt>
        <dd data-testid="entity-protocols">
          {protocols.map(([p, n]) => `${p} ${formatInt(n)}`).join(' · ') || '—'}
        </dd>
        <dt>NAT gateways</dt>
        <dd className="mono" data-testid="entity-gateways">
          {e.gateways.join(', ') || '—'}
        </dd>
        <dt>Alert kinds</dt>
        <dd>
          {e.kinds.map((k) => (
            <span
              key={k.signature}
              className="inc-fact"
              data-testid="entity-kind"
              data-signature={k.signature}
              data-techniques={k.techniques.join(' ')}
            >
              {k.signature} ×{formatInt(k.count)}{' '}
              {k.techniques.map((t) => (
                <span key={t} className="badge" title={t}>
                  {techniqueText(t)}
                </span>
              ))}
            </span>
          ))}
        </dd>
        <dt>Rate</dt>
        <dd data-testid="entity-rate">
          busiest minute {formatInt(e.peakPerMinute)} alerts to one host · {e.meanPerMinute} per
          minute on average
        </dd>
      </dl>
    </section>
  );
}

/** "What the data shows": the indicators read from the incident's own alerts. */
export function SignalList({
  signals,
}: {
  signals: { id: string; present: boolean; detail: string }[];
}) {
  if (signals.length === 0) return null;
  return (
    <section className="dsec" data-testid="incident-signals">
      <h4>What the data shows</h4>
      <ul className="inc-signals">
        {signals.map((s) => (
          <li
            key={s.id}
            data-testid="signal"
            data-signal={s.id}
            data-present={s.present}
            className={s.present ? 'present' : undefined}
          >
            <span aria-label={s.present ? 'seen' : 'not seen'}>{s.present ? '✓' : '✗'}</span>{' '}
            <span className="mono">{s.id}</span> — {s.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}
