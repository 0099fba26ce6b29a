/**
 * The grounded response on alerts built in the test: perception, the precision rule, the
 * planner's look-ahead, own-entity validation, false alarms settled by an answer, and a
 * containment step that later alerts show did not work.
 */
import { describe, expect, it } from 'vitest';
import type { IrAlert } from '../../src/main/domain/ir/core/types';
import {
  GroundedResponse,
  indexContext,
  loadHypotheses,
  parseHypotheses,
  perceive,
  type DoneStep,
} from '../../src/main/domain/ir/grounded';
import { groupIncidentsWithReport, incidentConfig } from '../../src/main/domain/ir/grouping';

const T0 = Date.UTC(2017, 6, 4, 13, 0);

/** `n` detector alerts of one class, one per second, from `src` to `dst:port`. */
function alerts(
  n: number,
  cls: string,
  src: string,
  dst: string,
  port: number,
  start = T0,
  prio = 1,
): IrAlert[] {
  return Array.from({ length: n }, (_, i) => ({
    time: start + i * 1000,
    src,
    dst,
    srcPort: 40000 + i,
    dstPort: port,
    proto: 'TCP',
    signature: cls,
    classification: cls === 'Benign' ? 'benign' : cls,
    priority: prio,
    source: 'flow' as const,
    alertId: i + 1 + (start - T0),
  }));
}

function response(all: IrAlert[]) {
  const { incidents, report } = groupIncidentsWithReport(all);
  const inc = incidents.find((i) => !i.falsePositive)!;
  const p = perceive(inc, indexContext(all), incidentConfig(), report.gateways);
  return new GroundedResponse(p, loadHypotheses());
}

describe('grounded incident response', () => {
  const bf = alerts(40, 'SSH-Patator', '172.16.0.1', '192.168.10.50', 22);

  it('perceives the attacker behind its NAT alias, the victim and the service', () => {
    const r = response(bf);
    const p = r.perception;
    expect(p.attackers).toMatchObject([
      { address: '205.174.165.73', seenAs: [{ address: '172.16.0.1', alerts: 40, via: 'alias' }] },
    ]);
    expect(p.victims.map((v) => v.address)).toEqual(['192.168.10.50']);
    expect(p.services.map((s) => s.target)).toEqual(['192.168.10.50:22/tcp']);
    expect(p.kinds[0]).toMatchObject({
      signature: 'SSH-Patator',
      family: 'brute-force',
      techniques: ['T1110'],
      count: 40,
    });
    expect(p.signals.find((s) => s.id === 'thin-evidence')?.present).toBe(false);
  });

  it('recommends steps on its own entities only, with differing look-ahead costs', () => {
    const r = response(bf);
    const a = r.assess([], []);
    expect(a.candidates.length).toBeGreaterThan(2);
    for (const c of a.candidates) expect(r.entities).toContain(c.action.target);
    expect(new Set(a.candidates.map((c) => c.expectedCost)).size).toBeGreaterThan(1);
    expect(a.recommended!.expectedCost).toBe(Math.min(...a.candidates.map((c) => c.expectedCost)));
    expect(r.validate({ verb: 'isolate-host', target: '10.9.9.9' })).toMatch(
      /does not target an entity/,
    );
    expect(r.validate({ verb: 'patch-service', target: '192.168.10.50' })).toMatch(
      /takes a service/,
    );
    expect(r.validate({ verb: 'patch-service', target: '192.168.10.50:22/tcp' })).toBe(null);
    expect(r.validate({ verb: 'teleport', target: null })).toMatch(/unknown verb/);
  });

  it('drops a hypothesis whose predictions match below 0.7 and re-plans', () => {
    const r = response(bf);
    const before = r.assess([], []);
    const lead = before.leading[0]!;
    expect(lead.id).toBe('bf-failed');
    const done: DoneStep[] = [
      { step: 1, action: { verb: 'collect-logs', target: '192.168.10.50' } },
    ];
    const form = r.assess(done, []).forms[0]!;
    expect(form.questions.map((q) => q.id)).toEqual(
      expect.arrayContaining(['q-login-success', 'q-attack-traffic']),
    );
    const after = r.assess(done, [
      { step: 1, host: '192.168.10.50', question: 'q-login-success', answer: 'yes' },
      { step: 1, host: '192.168.10.50', question: 'q-attack-traffic', answer: 'yes' },
    ]);
    const failed = after.hypotheses.find((h) => h.id === 'bf-failed')!;
    expect(failed.precision).toBeLessThan(0.7);
    expect(failed.kept).toBe(false);
    // what would confirm or refute it: the login question is now observed against it
    expect(failed.tests).toContainEqual({
      indicator: 'q-login-success',
      expected: false,
      counts: true,
      observed: true,
    });
    const open = before.hypotheses
      .find((h) => h.id === 'bf-succeeded')!
      .tests.find((t) => t.indicator === 'q-login-success');
    expect(open).toEqual({
      indicator: 'q-login-success',
      expected: true,
      counts: true,
      observed: null,
    });
    expect(after.leading[0]!.id).toBe('bf-succeeded');
    expect(after.forms).toEqual([]);
    // the compromised-host steps enter the plan
    expect(after.candidates.map((c) => c.action.verb)).toEqual(
      expect.arrayContaining(['kill-sessions', 'collect-memory']),
    );
  });

  it('keeps a false alarm on thin evidence and closes on it once inspection says benign', () => {
    const one = alerts(2, 'SSH-Patator', '192.168.10.14', '192.168.10.50', 22, T0, 2);
    const r = response(one);
    const a0 = r.assess([], []);
    expect(a0.hypotheses.find((h) => h.id === 'brute-force-false-alarm')!.kept).toBe(true);
    // nothing destructive before the evidence: the cheapest first step asks
    expect(a0.recommended!.action.verb).toMatch(/^collect-/);
    const step = { step: 1, action: a0.recommended!.action };
    const a1 = r.assess(
      [step],
      [{ step: 1, host: step.action.target!, question: 'q-attack-traffic', answer: 'no' }],
    );
    expect(a1.leading[0]!.id).toBe('brute-force-false-alarm');
    expect(a1.recovered).toBe(true);
  });

  it('reads priority as confidence only for detector alerts: IDS priorities are severities', () => {
    const ids = alerts(
      12,
      'Potential SSH brute force attack',
      '10.0.1.11',
      '10.0.2.11',
      22,
      T0,
      2,
    ).map((a) => ({
      ...a,
      source: 'snort' as const,
      classification: 'Attempted Administrator Privilege Gain',
    }));
    expect(response(ids).perception.signals.find((s) => s.id === 'thin-evidence')?.present).toBe(
      false,
    );
    const unsure = alerts(12, 'SSH-Patator', '10.0.1.11', '10.0.2.11', 22, T0, 2);
    expect(response(unsure).perception.signals.find((s) => s.id === 'thin-evidence')?.present).toBe(
      true,
    );
  });

  it('replaces a block that later alerts show did not stop the traffic', () => {
    const r = response(bf);
    const block = { verb: 'block-endpoint', target: '205.174.165.73' };
    const held = r.assess([{ step: 1, action: block, alertsAfter: 0 }], []);
    expect(held.stages[0]).toBe(true);
    const leaked = r.assess([{ step: 1, action: block, alertsAfter: 12 }], []);
    expect(leaked.stages[0]).toBe(false);
    expect(leaked.candidates.map((c) => `${c.action.verb} ${c.action.target}`)).toContain(
      'isolate-host 192.168.10.50',
    );
    expect(leaked.candidates.map((c) => `${c.action.verb} ${c.action.target}`)).not.toContain(
      'block-endpoint 205.174.165.73',
    );
  });

  it('climbs the containment ladder: a leaking rate limit gives way to a block of the same source', () => {
    const ddos = alerts(60, 'DDoS', '172.16.0.1', '192.168.10.50', 80);
    const r = response(ddos);
    const limit = { verb: 'rate-limit-endpoint', target: '205.174.165.73' };
    const keys = (done: DoneStep[]) =>
      r.assess(done, []).candidates.map((c) => `${c.action.verb} ${c.action.target}`);
    expect(keys([])).toContain('rate-limit-endpoint 205.174.165.73');
    const leaked = keys([{ step: 1, action: limit, alertsAfter: 30 }]);
    expect(leaked).toContain('block-endpoint 205.174.165.73');
    expect(leaked).not.toContain('isolate-host 192.168.10.50');
    const both = keys([
      { step: 1, action: limit, alertsAfter: 30 },
      { step: 2, action: { verb: 'block-endpoint', target: '205.174.165.73' }, alertsAfter: 5 },
    ]);
    expect(both).toContain('isolate-host 192.168.10.50');
  });

  it('refuses a catalogue with an unknown verb, question or a one-hypothesis facet', () => {
    const good = loadHypotheses();
    const bad = (edit: (c: ReturnType<typeof structuredClone<typeof good>>) => void) => {
      const c = structuredClone(good);
      edit(c);
      return () => parseHypotheses(c, 'test.json');
    };
    expect(bad((c) => (c.hypotheses[0]!.plan[0]!.verb = 'teleport'))).toThrow(
      /unknown verb "teleport"/,
    );
    expect(bad((c) => (c.hypotheses[0]!.predicts['q-nope'] = true))).toThrow(
      /unknown question "q-nope"/,
    );
    expect(
      bad(
        (c) =>
          (c.hypotheses = c.hypotheses.filter(
            (h) => h.id !== 'heartbleed-no-leak' && h.id !== 'heartbleed-false-alarm',
          )),
      ),
    ).toThrow(/facet heartbleed has 1 hypothesis/);
    expect(bad((c) => (c.keepPrecision = 2))).toThrow(/keepPrecision/);
  });
});
