/** The LLM response agent's pure parts: schemas, grounding, stage vectors, the conjecture check, prompts. */
import { describe, expect, it } from 'vitest';
import {
  NO_STAGES,
  actionSchema,
  alertPrecision,
  alertsBrief,
  allDone,
  classificationVocabulary,
  conjectureScores,
  contextText,
  groundAction,
  longestAction,
  majorityStages,
  mergeStages,
  readStages,
  stagesText,
  summariseAlerts,
  targetList,
  userVariants,
} from '../../src/main/domain/ir/llmAgent';
import type { IncidentContext } from '../../src/main/domain/ir/llmAgent';
import type { IrAlert, ResponseAction, ResponseVerb } from '../../src/main/domain/ir/core/types';

const verbs: ResponseVerb[] = [
  { id: 'wait', name: 'Wait', targetKind: 'none', cost: 0, description: 'nothing' },
  { id: 'block-ip', name: 'Block', targetKind: 'host', cost: 2, description: 'drop' },
  { id: 'isolate-host', name: 'Isolate', targetKind: 'host', cost: 10, description: 'cut off' },
  { id: 'harden-ssh', name: 'Harden', targetKind: 'service', cost: 2, description: 'sshd' },
  { id: 'reimage-host', name: 'Reimage', targetKind: 'host', cost: 30, description: 'rebuild' },
];
const valid: ResponseAction[] = [
  { verb: 'wait', target: null },
  { verb: 'block-ip', target: '10.0.1.11' },
  { verb: 'block-ip', target: '10.0.2.10' },
  { verb: 'isolate-host', target: '10.0.1.11' },
  { verb: 'isolate-host', target: '10.0.2.10' },
  { verb: 'harden-ssh', target: '10.0.2.10:22' },
];

const alert = (cls: string, priority: number, signature = 'sig'): IrAlert => ({
  time: 0,
  src: '10.0.1.11',
  dst: '10.0.2.10',
  srcPort: 4000,
  dstPort: 22,
  proto: 'tcp',
  signature,
  classification: cls,
  priority,
  source: 'snort',
});

describe('action schema and grounding', () => {
  it('groups verbs by the targets they validly take; verbs with no valid action are left out', () => {
    const s = actionSchema(verbs, valid) as unknown as { oneOf: { properties: unknown }[] };
    expect(s.oneOf.map((x) => x.properties)).toEqual([
      { verb: { enum: ['wait'] }, target: { enum: ['none'] } },
      {
        verb: { enum: ['block-ip', 'isolate-host'] },
        target: { enum: ['10.0.1.11', '10.0.2.10'] },
      },
      { verb: { enum: ['harden-ssh'] }, target: { enum: ['10.0.2.10:22'] } },
    ]);
    const one = actionSchema(verbs, [{ verb: 'wait', target: null }]) as unknown as {
      properties: unknown;
    };
    expect(one.properties).toEqual({ verb: { enum: ['wait'] }, target: { enum: ['none'] } });
    expect(targetList(valid)).toEqual(['10.0.1.11', '10.0.2.10', '10.0.2.10:22', 'none']);
    expect(longestAction(verbs, valid)).toEqual({ verb: 'isolate-host', target: '10.0.2.10:22' });
  });

  it('grounds only valid actions; everything else is null (invalid, never executed)', () => {
    expect(groundAction({ verb: 'block-ip', target: '10.0.1.11' }, verbs, valid)).toEqual({
      verb: 'block-ip',
      target: '10.0.1.11',
    });
    expect(groundAction({ verb: 'wait', target: 'none' }, verbs, valid)).toEqual({
      verb: 'wait',
      target: null,
    });
    expect(groundAction({ verb: 'reimage-host', target: '10.0.2.10' }, verbs, valid)).toBeNull();
    expect(groundAction({ verb: 'harden-ssh', target: '10.0.1.11' }, verbs, valid)).toBeNull();
    expect(groundAction({ verb: 'format-c', target: 'none' }, verbs, valid)).toBeNull();
    expect(groundAction({ verb: 'wait' }, verbs, valid)).toBeNull();
    expect(groundAction('block-ip 10.0.1.11', verbs, valid)).toBeNull();
    expect(groundAction(null, verbs, valid)).toBeNull();
    // A valid action whose verb left the catalogue does not ground either.
    expect(groundAction({ verb: 'wait', target: 'none' }, verbs.slice(1), valid)).toBeNull();
  });
});

describe('stage vectors', () => {
  it('reads the done list as six booleans', () => {
    expect(readStages({ done: ['assessment', 'containment', 'containment'] })).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(readStages({ done: [] })).toEqual(NO_STAGES);
    expect(readStages({ stages: [] })).toBeNull();
    expect(readStages(null)).toBeNull();
  });

  it('merges monotonically, votes per bit, and prints the done stages', () => {
    const a = readStages({ done: ['containment'] }) ?? NO_STAGES;
    const b = readStages({ done: ['eviction'] }) ?? NO_STAGES;
    expect(mergeStages(a, b)).toEqual([true, false, false, true, false, false]);
    expect(mergeStages(b, NO_STAGES)).toEqual(b);
    expect(majorityStages([a, a, b])).toEqual(a);
    expect(majorityStages([])).toEqual(NO_STAGES);
    expect(allDone([true, true, true, true, true, true])).toBe(true);
    expect(allDone(a)).toBe(false);
    expect(stagesText(NO_STAGES)).toBe('done: none');
    expect(stagesText(mergeStages(a, b))).toBe('done: containment, eviction');
  });
});

describe('conjecture check', () => {
  const observed = [alert('Attempted Administrator Privilege Gain', 1), alert('Misc activity', 3)];

  it('scores predictions by precision against the observed alerts', () => {
    const exact = { classification: 'Attempted Administrator Privilege Gain', priority: 1 };
    const classOnly = { classification: 'Misc activity', priority: 1 };
    const miss = { classification: 'Web Application Attack', priority: 1 };
    expect(alertPrecision([exact], observed)).toBe(1);
    expect(alertPrecision([exact, classOnly], observed)).toBe(0.75);
    expect(alertPrecision([exact, miss], observed)).toBe(0.5);
    expect(alertPrecision([], observed)).toBe(0);
    expect(alertPrecision([exact], [])).toBe(0);
  });

  it('variant scores always sum to 1; below-threshold variants get 0 when one is kept', () => {
    const sum = (r: Record<string, number>) => Object.values(r).reduce((x, y) => x + y, 0);
    const kept = conjectureScores({ a: 0.9, b: 0.75, c: 0.5 });
    expect(sum(kept)).toBeCloseTo(1, 12);
    expect(kept.c).toBe(0);
    expect(kept.a).toBeCloseTo(0.9 / 1.65, 12);
    const none = conjectureScores({ a: 0.6, b: 0.2 });
    expect(sum(none)).toBeCloseTo(1, 12);
    expect(none.a).toBeCloseTo(0.75, 12);
    expect(conjectureScores({ a: 0, b: 0 })).toEqual({ a: 0.5, b: 0.5 });
    expect(conjectureScores({})).toEqual({});
  });

  it('offers the standard classifications plus every observed one, sorted', () => {
    const v = classificationVocabulary([alert('Zeta custom class', 2), ...observed]);
    expect(v).toContain('Zeta custom class');
    expect(v).toContain('Web Application Attack');
    expect([...v].sort()).toEqual(v);
    expect(new Set(v).size).toBe(v.length);
  });
});

describe('prompt context', () => {
  const ctx = (history: number): IncidentContext => ({
    system: 'SYSTEM-DESCRIPTION: a DMZ web server behind a gateway.',
    hosts: [
      { ip: '10.0.2.10', name: 'web', role: 'server', services: ['tcp/22 ssh'], critical: true },
    ],
    incident: {
      id: 'i',
      family: 'brute-force',
      sources: ['10.0.1.11'],
      targets: ['10.0.2.10'],
      firstSeen: 0,
      lastSeen: 0,
      alerts: [],
      chainedFrom: [],
      falsePositive: false,
    },
    variants: [{ id: 'ssh-brute', title: 'SSH brute force', tactics: ['TA0006'], description: '' }],
    verbs,
    alerts: [
      ...Array.from({ length: 5 }, () => alert('Attempted Administrator Privilege Gain', 1, 'ssh')),
      ...Array.from({ length: 20 }, (_, i) => alert('Misc activity', 3, `rare-${i}`)),
    ],
    history: Array.from({ length: history }, (_, i) => ({
      step: i + 1,
      action: { verb: 'block-ip', target: '10.0.1.11' },
      expected: `EXPECTED-${i + 1}`,
      feedback: `FEEDBACK-${i + 1}`,
      valid: i % 2 === 0,
      alerts: 'no new alerts',
    })),
    believed: null,
    conjecture: null,
  });

  it('summarises alerts by group, most frequent first, and says what it left out', () => {
    const lines = summariseAlerts(ctx(0).alerts, 3);
    expect(lines[0]).toBe(
      '- 5x [pri 1] Attempted Administrator Privilege Gain: "ssh" 10.0.1.11 -> 10.0.2.10:22',
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('- (18 rarer alert groups left out)');
    expect(alertsBrief([])).toBe('no new alerts');
    expect(alertsBrief(ctx(0).alerts.slice(3, 7))).toBe(
      '4 new alerts: Attempted Administrator Privilege Gain x2, Misc activity x2',
    );
  });

  it('carries the system description and the last step, expected against observed', () => {
    const text = contextText(ctx(3), { historyEntries: 2, alertLines: 4 });
    expect(text).toContain('SYSTEM-DESCRIPTION');
    expect(text).not.toContain('FEEDBACK-1"');
    expect(text).toContain('- (1 earlier steps left out)');
    expect(text).toContain(
      '## Last step: expected against observed\nAction: block-ip 10.0.1.11\nExpected: EXPECTED-3\nObserved: "FEEDBACK-3"',
    );
    expect(text).toContain('observed: "FEEDBACK-2" (invalid action)');
  });

  it('shrinks the history, then the alerts; every variant keeps the system and the last feedback', () => {
    const vs = userVariants(ctx(6), { historyEntries: 6, alertLines: 8 }, '## Task: test');
    expect(vs.length).toBe(4 + 3); // history 6, 3, 1, 0; then alerts 4, 2, 1
    for (let i = 1; i < vs.length; i++)
      expect((vs[i] ?? '').length).toBeLessThan((vs[i - 1] ?? '').length);
    for (const v of vs) {
      expect(v).toContain('SYSTEM-DESCRIPTION');
      expect(v).toContain('Observed: "FEEDBACK-6"');
      expect(v.endsWith('## Task: test')).toBe(true);
    }
    expect(vs[0]).toContain('FEEDBACK-1');
  });
});
