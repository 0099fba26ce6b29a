/**
 * The desk's list row of an incident: its triage severity, its place in the severity order and its
 * attack stages in words (src/main/app/incidentDesk/views.ts); a rejected step's feedback, even one
 * stored before the desk stopped prefixing it, never repeats "rejected".
 */
import { describe, expect, it } from 'vitest';
import { stepView, summaryView } from '../../src/main/app/incidentDesk/views';
import type { AttackFamily } from '../../src/main/domain/ir/core/types';
import type { GroupedIncident } from '../../src/main/domain/ir/grouping';
import type { IncidentStepRow } from '../../src/main/store/incidents';

const T0 = Date.UTC(2017, 6, 4, 12, 0, 0);

/** A one-alert incident of the given stage families (the first names it). */
function incident(stages: AttackFamily[]): GroupedIncident {
  const family = stages[0]!;
  return {
    id: `inc-${family}`,
    family,
    sources: ['205.174.165.73'],
    targets: ['192.168.10.50'],
    firstSeen: T0,
    lastSeen: T0,
    alerts: [
      {
        time: T0,
        src: '205.174.165.73',
        dst: '192.168.10.50',
        srcPort: 40000,
        dstPort: 21,
        proto: 'tcp',
        signature: 'FTP-Patator',
        classification: 'FTP-Patator',
        priority: 1,
        source: 'flow',
        alertId: 1,
      },
    ],
    chainedFrom: [],
    falsePositive: family === 'benign',
    stages,
  };
}

describe('summaryView', () => {
  it('rates a family and names its stages as tactics in kill-chain order', () => {
    const s = summaryView(incident(['brute-force', 'port-scan']), []);
    expect(s.severity).toBe('high');
    expect(s.tactics).toEqual(['credential access', 'discovery']);
    const exploit = summaryView(incident(['exploit']), []);
    expect(exploit.severity).toBe('critical');
    expect(exploit.tactics).toEqual(['initial access', 'execution']);
    expect(exploit.severityRank).toBeLessThan(s.severityRank);
  });

  it('puts floods below brute force and scans below floods', () => {
    const rank = (f: AttackFamily) => summaryView(incident([f]), []).severityRank;
    expect(summaryView(incident(['ddos']), []).severity).toBe('medium');
    expect(summaryView(incident(['port-scan']), []).severity).toBe('low');
    expect(rank('brute-force')).toBeLessThan(rank('ddos'));
    expect(rank('ddos')).toBeLessThan(rank('port-scan'));
  });

  it('gives a false positive no severity, no stages and the last place', () => {
    const fp = summaryView(incident(['benign']), []);
    expect(fp.falsePositive).toBe(true);
    expect(fp.severity).toBe('none');
    expect(fp.tactics).toEqual([]);
    expect(fp.severityRank).toBeGreaterThan(summaryView(incident(['other']), []).severityRank);
  });
});

describe('stepView of a rejected step', () => {
  const row = (feedback: string): IncidentStepRow => ({
    id: 1,
    step: 2,
    decision: 'reject',
    actor: 'analyst',
    note: 'not now',
    recommended: { verb: 'collect-memory', target: '192.168.10.50' },
    action: null,
    feedback,
    expected: '',
    stages: [false, false, false, false, false, false],
    prediction: null,
    afterAlertId: null,
    auditId: 7,
    at: '2026-12-07T03:00:00.000Z',
  });

  it('says what was not run without "rejected", old rows included', () => {
    for (const stored of [
      'collect-memory:192.168.10.50 not run',
      'rejected: collect-memory:192.168.10.50 not run',
    ])
      expect(stepView(row(stored), null, []).feedback).toBe('collect-memory:192.168.10.50 not run');
  });
});
