import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { familyOf } from '../../src/main/domain/ir/grouping/families';
import {
  groupIncidents,
  groupIncidentsWithReport,
  incidentId,
} from '../../src/main/domain/ir/grouping/group';
import { parseAlertText } from '../../src/main/domain/ir/grouping/parsers';
import type { IrAlert } from '../../src/main/domain/ir/core/types';

const MIN = 60_000;
const T0 = Date.UTC(2017, 6, 4, 14, 0);

/** A flow alert of a class at minute m (plus ms) between two hosts. */
function flow(cls: string, src: string, dst: string, m: number, ms = 0, id = 0): IrAlert {
  return {
    time: T0 + m * MIN + ms,
    src,
    dst,
    srcPort: 40000 + id,
    dstPort: 22,
    proto: 'TCP',
    signature: cls,
    classification: cls === 'Benign' ? 'benign' : cls,
    priority: cls === 'Benign' ? 3 : 1,
    source: 'flow',
    alertId: id,
  };
}

/** A seeded shuffle (mulberry32), so the determinism test is itself deterministic. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

describe('family mapping', () => {
  it.each([
    ['flow', 'SSH-Patator', '', 'brute-force'],
    ['flow', 'FTP-Patator', '', 'brute-force'],
    ['flow', 'DDoS', '', 'ddos'],
    ['flow', 'DoS', '', 'dos'],
    ['flow', 'Web', '', 'web-attack'],
    ['flow', 'Infiltration', '', 'infiltration'],
    ['flow', 'PortScan', '', 'port-scan'],
    ['flow', 'Bot', '', 'botnet'],
    ['flow', 'Heartbleed', '', 'heartbleed'],
    ['flow', 'Benign', 'benign', 'benign'],
    ['snort', 'ICMP traffic detected', 'Attempted Information Leak', 'port-scan'],
    [
      'snort',
      'Potential SSH brute force attack',
      'Attempted Administrator Privilege Gain',
      'brute-force',
    ],
    ['snort', 'SSH connection attempt', 'Attempted User Privilege Gain', 'brute-force'],
    ['snort', 'SMB traffic to Samba server', 'Generic Protocol Command Decode', 'lateral-movement'],
    ['snort', 'Shellshock attack attempt', 'Web Application Attack', 'exploit'],
    [
      'snort',
      'HTTP traffic detected',
      'access to a potentially vulnerable web application',
      'web-attack',
    ],
    ['suricata', 'ET TROJAN Ares botnet check-in', 'A Network Trojan was detected', 'botnet'],
    ['suricata', 'something new', 'Attempted Denial of Service', 'dos'],
    ['suricata', 'something new', 'Misc activity', 'other'],
  ] as const)('%s "%s" / "%s" → %s', (source, signature, classification, family) => {
    const a = { ...flow('x', '1.1.1.1', '2.2.2.2', 0), source, signature, classification };
    expect(familyOf(a)).toBe(family);
  });
});

describe('grouping by family, source and gap', () => {
  it('separates families and sources, and splits a source where it pauses longer than the gap', () => {
    const alerts = [
      flow('SSH-Patator', '10.1.1.1', '10.9.9.9', 0, 0, 1),
      flow('SSH-Patator', '10.1.1.1', '10.9.9.8', 10, 0, 2), // exactly the gap: same incident
      flow('SSH-Patator', '10.1.1.1', '10.9.9.9', 20, 1, 3), // gap + 1 ms: a new incident
      flow('PortScan', '10.1.1.1', '10.9.9.9', 1, 0, 4),
      flow('SSH-Patator', '10.2.2.2', '10.9.9.9', 0, 0, 5),
    ];
    const inc = groupIncidents(alerts, { mergeStages: false });
    expect(
      inc.map((i) => [
        i.family,
        i.sources.join(),
        i.targets.join(),
        i.alerts.map((a) => a.alertId),
      ]),
    ).toEqual([
      ['brute-force', '10.1.1.1', '10.9.9.8,10.9.9.9', [1, 2]],
      ['brute-force', '10.2.2.2', '10.9.9.9', [5]],
      ['port-scan', '10.1.1.1', '10.9.9.9', [4]],
      ['brute-force', '10.1.1.1', '10.9.9.9', [3]],
    ]);
    expect(inc[0]).toMatchObject({ firstSeen: T0, lastSeen: T0 + 10 * MIN, falsePositive: false });
    expect(groupIncidents(alerts, { mergeStages: false, gapMs: 30 * MIN })).toHaveLength(3);
  });

  it('merges one source’s stages into one incident named after its most serious stage', () => {
    const alerts = [
      ...Array.from({ length: 8 }, (_, i) => flow('PortScan', '10.1.1.1', '10.9.9.9', 0, i, i)),
      flow('Web', '10.1.1.1', '10.9.9.9', 2, 0, 20),
    ];
    const [only, ...rest] = groupIncidents(alerts);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ family: 'web-attack', stages: ['port-scan', 'web-attack'] });
    // a stage under stageMinShare does not name the incident (one misclassified flow in 100)
    const noisy = [
      ...Array.from({ length: 99 }, (_, i) => flow('PortScan', '10.1.1.1', '10.9.9.9', 0, i, i)),
      flow('DoS', '10.1.1.1', '10.9.9.9', 0, 200, 200),
    ];
    expect(groupIncidents(noisy)[0]?.family).toBe('port-scan');
  });
});

describe('normalisation', () => {
  it('folds the CICIDS2017 firewall address 172.16.0.1 into the external attacker', () => {
    const alerts = [
      flow('SSH-Patator', '172.16.0.1', '192.168.10.50', 0, 0, 1),
      flow('SSH-Patator', '205.174.165.73', '192.168.10.50', 1, 0, 2),
    ];
    const [only, ...rest] = groupIncidents(alerts);
    expect(rest).toEqual([]);
    expect(only?.sources).toEqual(['205.174.165.73']);
    expect(only?.alerts.map((a) => a.src)).toEqual(['172.16.0.1', '205.174.165.73']);
    const custom = groupIncidents(alerts, { aliases: { '172.16.0.1': 'fw-outside' } });
    expect(custom.map((i) => i.sources[0])).toEqual(['fw-outside', '205.174.165.73']);
  });

  it('folds NAT copies of a gateway, drops ICMP echo replies and chains a pivot (ESORICS style)', () => {
    const text = readFileSync(
      fileURLToPath(new URL('../fixtures/ir/esorics-style.txt', import.meta.url)),
      'utf8',
    );
    const { alerts } = parseAlertText(text, 'esorics-style.txt');
    const { incidents, report } = groupIncidentsWithReport(alerts);
    expect(report).toEqual({
      alertsIn: 9,
      alertsUsed: 5,
      natCopies: 2,
      icmpReplies: 2,
      gateways: ['10.0.2.10'],
    });
    const [main, pivot, ...rest] = incidents;
    expect(rest).toEqual([]);
    expect(main).toMatchObject({
      family: 'brute-force',
      sources: ['10.0.1.11'],
      targets: ['10.0.2.20', '10.0.2.21'],
      chainedFrom: [],
    });
    expect(main?.stages).toEqual(['brute-force', 'port-scan']);
    expect(pivot).toMatchObject({
      family: 'exploit',
      sources: ['10.0.2.20'],
      targets: ['10.0.2.21'],
      chainedFrom: [main?.id],
    });
    const gatewayAsTarget = groupIncidents(alerts, { detectNat: false, dropIcmpReplies: false });
    expect(gatewayAsTarget.map((i) => i.sources[0])).toContain('10.0.2.10');
  });
});

describe('chaining', () => {
  it('chains a later incident from a host that was an earlier incident’s target (pivot)', () => {
    const inc = groupIncidents([
      flow('SSH-Patator', '172.16.0.1', '192.168.10.50', 0, 0, 1),
      flow('PortScan', '192.168.10.50', '192.168.10.8', 30, 0, 2),
      flow('PortScan', '192.168.10.9', '192.168.10.8', 31, 0, 3),
    ]);
    expect(inc.map((i) => [i.sources[0], i.chainedFrom])).toEqual([
      ['205.174.165.73', []],
      ['192.168.10.50', [inc[0]?.id]],
      ['192.168.10.9', []],
    ]);
  });

  it('chains internal hosts that contact the same external host (C2) to the first of them', () => {
    const inc = groupIncidents([
      flow('Bot', '192.168.10.15', '205.174.165.73', 0, 0, 1),
      flow('Bot', '192.168.10.9', '205.174.165.73', 5, 0, 2),
      flow('Bot', '192.168.10.14', '205.174.165.73', 50, 0, 3),
      flow('Bot', '192.168.10.15', '205.174.165.73', 90, 0, 4), // same host again, later
      flow('Bot', '192.168.10.5', '8.8.8.8', 1, 0, 5), // a different external host: alone
    ]);
    const first = inc[0]?.id;
    expect(inc.map((i) => [i.family, i.sources[0], i.chainedFrom])).toEqual([
      ['botnet', '192.168.10.15', []],
      ['botnet', '192.168.10.5', []],
      ['botnet', '192.168.10.9', [first]],
      ['botnet', '192.168.10.14', [first]],
      ['botnet', '192.168.10.15', []],
    ]);
  });
});

describe('Suricata alerts', () => {
  it('chain two internal hosts reaching the same external host, whatever their families', () => {
    const text = readFileSync(
      fileURLToPath(new URL('../fixtures/ir/eve.jsonl', import.meta.url)),
      'utf8',
    );
    const inc = groupIncidents(parseAlertText(text, 'eve.jsonl').alerts);
    expect(inc.map((i) => [i.family, i.sources[0], i.targets, i.chainedFrom])).toEqual([
      ['port-scan', '192.168.10.9', ['205.174.165.73'], []],
      ['botnet', '192.168.10.15', ['205.174.165.73'], [inc[0]?.id]],
    ]);
  });
});

describe('benign bursts', () => {
  it('become false-positive incidents, apart from attacks and never chained', () => {
    const inc = groupIncidents([
      ...Array.from({ length: 5 }, (_, i) =>
        flow('Benign', '192.168.10.3', '192.168.10.50', 0, i, i),
      ),
      flow('SSH-Patator', '192.168.10.3', '192.168.10.50', 0, 10, 10),
      flow('Benign', '192.168.10.50', '192.168.10.3', 1, 0, 11),
    ]);
    expect(inc.map((i) => [i.family, i.sources[0], i.falsePositive, i.chainedFrom])).toEqual([
      ['benign', '192.168.10.3', true, []],
      ['brute-force', '192.168.10.3', false, []],
      ['benign', '192.168.10.50', true, []],
    ]);
    expect(inc[0]?.alerts).toHaveLength(5);
  });
});

describe('determinism', () => {
  const alerts = [
    ...Array.from({ length: 30 }, (_, i) =>
      flow('SSH-Patator', '172.16.0.1', '192.168.10.50', i % 7, i, i),
    ),
    ...Array.from({ length: 10 }, (_, i) =>
      flow('Benign', '192.168.10.3', '192.168.10.1', 40, i, 100 + i),
    ),
    ...Array.from({ length: 6 }, (_, i) =>
      flow('Bot', `192.168.10.${10 + i}`, '205.174.165.73', 60 + i, 0, 200 + i),
    ),
    flow('PortScan', '192.168.10.50', '192.168.10.8', 80, 0, 300),
    flow('PortScan', '192.168.10.50', '192.168.10.8', 80, 0, 300), // an exact duplicate line
  ];

  it('gives the same incidents, ids and order for any input order', () => {
    const reference = groupIncidents(alerts);
    expect(reference.length).toBeGreaterThan(5);
    for (const seed of [1, 2, 3, 42])
      expect(groupIncidents(shuffled(alerts, seed))).toEqual(reference);
    for (const i of reference) {
      expect(i.id).toMatch(/^inc-[0-9a-f]{12}$/);
      expect(i.id).toBe(incidentId(i.family, i.alerts[0]!));
    }
    expect(new Set(reference.map((i) => i.id)).size).toBe(reference.length);
    const sorted = [...reference].sort((a, b) => a.firstSeen - b.firstSeen);
    expect(reference.map((i) => i.firstSeen)).toEqual(sorted.map((i) => i.firstSeen));
  });
});
