/**
 * The three ESORICS'26 Snort logs through the incident desk's planner (`rampart incidents --plan`):
 * each groups into its one incident, and every recommended or candidate action names that
 * scenario's own hosts (its incident.txt lists them), never another scenario's or a twin's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlannedIncident } from '../../src/main/transports/cli/incidentPlans';
import { runCli } from '../helpers/cli';

const DIR = resolve('../shared/data/incidents/esorics26');
const SCENARIOS = [
  { logs: 'logs.txt', incident: 'incident.txt' },
  { logs: 'logs_four_servers_diverse.txt', incident: 'incident_four_servers_diverse.txt' },
  { logs: 'logs_5_servers_diverse.txt', incident: 'incident_5_servers_diverse.txt' },
];
const present = SCENARIOS.every((s) => existsSync(join(DIR, s.logs)));
if (!present) console.warn(`skipping the ESORICS incident plans: no ${DIR}`);

/** The addresses a line of incident.txt lists ("Attacker IPs/hostnames identified: …"). */
function listed(text: string, label: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(label)) ?? '';
  return line.match(/\d+\.\d+\.\d+\.\d+/g) ?? [];
}

describe.skipIf(!present)('ESORICS Snort logs: one incident each, actions on its own hosts', () => {
  for (const s of SCENARIOS)
    it(s.logs, async () => {
      const r = await runCli([
        'incidents',
        join(DIR, s.logs),
        '--plan',
        '--json',
        '--year',
        '2026',
      ]);
      expect(r.code, r.err).toBe(0);
      const { incidents } = JSON.parse(r.out) as { incidents: PlannedIncident[] };
      expect(incidents).toHaveLength(1);
      const i = incidents[0]!;
      const text = readFileSync(join(DIR, s.incident), 'utf8');
      const attackers = listed(text, 'Attacker IPs');
      const targeted = listed(text, 'IPs/hostnames targeted');
      expect(i.entities.attackers.map((a) => a.address)).toEqual(attackers);
      expect([...i.entities.victims].sort()).toEqual([...targeted].sort());
      const hosts = new Set([...attackers, ...targeted]);
      const hostOf = (t: string) => t.split(':')[0]!;
      expect(i.next).not.toBe(null);
      for (const a of [i.next!, ...i.candidates])
        if (a.target !== null) expect(hosts, `${a.verb} ${a.target}`).toContain(hostOf(a.target));
      // blocking or isolating the attacker is among the candidates; the gateway is never a target
      expect(i.candidates.some((c) => c.target === attackers[0])).toBe(true);
      expect(i.candidates.map((c) => c.target)).not.toContain('10.0.2.10');
      expect(i.hypotheses.length).toBeGreaterThanOrEqual(4);
    });
});
