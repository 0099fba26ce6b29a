/**
 * The print view's reading of the incident report: the Markdown subset the core's report writer
 * emits (checked against a real report of a fixture incident), and the screen's single-key
 * commands with the typing guard.
 */
import { describe, expect, it } from 'vitest';
import { incidentReport } from '../../src/main/app/incidentDesk/report';
import { incidentCommand, isTypingIn, stepId } from '../../src/renderer/src/incidents/incidentKeys';
import {
  parseInline,
  parseReport,
  tableCells,
  type Block,
  type Inline,
} from '../../src/renderer/src/incidents/reportMarkdown';
import type { IncidentActionView, IncidentDetail } from '../../src/shared/contract';

const act = (verb: string, target: string | null): IncidentActionView => ({
  verb,
  verbName: verb,
  target,
  cost: 1,
});

/** A recovering incident: two approved steps, a rejected one, a pipe in a signature. */
const DETAIL: IncidentDetail = {
  summary: {
    id: 'inc-0001',
    family: 'dos',
    sources: ['10.0.0.9'],
    targets: ['192.168.1.5'],
    firstSeen: '2017-07-05T09:00:00.000Z',
    lastSeen: '2017-07-05T09:10:00.000Z',
    alerts: 2,
    chainedFrom: [],
    falsePositive: false,
    scenarioId: 'dos-web',
    state: 'recovering',
    steps: 2,
  },
  timeline: [
    {
      time: '2017-07-05T09:00:00.000Z',
      src: '10.0.0.9',
      dst: '192.168.1.5',
      signature: 'a | b <= 3',
      classification: 'DoS',
      priority: 1,
    },
  ],
  alertsTotal: 2,
  stageNames: ['contained', 'eradicated'],
  stages: [true, false],
  conjecture: {
    variant: 'slowloris',
    variantTitle: 'Slowloris',
    confidence: 0.8,
    tactics: ['impact'],
    scores: { slowloris: 0.8, hulk: 0.2 },
    evidenceFor: ['long half-open connections'],
    evidenceAgainst: [],
  },
  candidates: [],
  recommended: null,
  abstainReason: null,
  history: [
    {
      step: 1,
      at: '2017-07-05T09:11:00.000Z',
      actor: 'analyst',
      decision: 'approve',
      recommended: act('block-ip', '10.0.0.9'),
      action: act('block-ip', '10.0.0.9'),
      note: '',
      feedback: 'blocked',
      expected: 'blocked',
      stages: [true, false],
      auditId: 11,
    },
    {
      step: 2,
      at: '2017-07-05T09:12:00.000Z',
      actor: 'analyst',
      decision: 'reject',
      recommended: act('isolate-host', '192.168.1.5'),
      action: null,
      note: 'production',
      feedback: 'rejected',
      expected: '',
      stages: [true, false],
      auditId: 12,
    },
    {
      step: 2,
      at: '2017-07-05T09:13:00.000Z',
      actor: 'bob',
      decision: 'edit',
      recommended: act('rate-limit', '192.168.1.5'),
      action: act('monitor', null),
      note: '',
      feedback: 'watching',
      expected: '',
      stages: [true, false],
      auditId: 13,
    },
  ],
  simulation: {
    scenarioId: 'dos-web',
    scenarioTitle: 'DoS on a web server',
    agent: 'twin-planner',
  },
};

const text = (inl: Inline[]): string => inl.map((i) => i.text).join('');

/** The blocks of the `## <title>` section. */
function section(blocks: Block[], title: string): Block[] {
  const at = blocks.findIndex((b) => b.kind === 'heading' && text(b.text) === title);
  expect(at, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = blocks.findIndex((b, i) => i > at && b.kind === 'heading' && b.level <= 2);
  return blocks.slice(at + 1, end < 0 ? undefined : end);
}

describe('reading the incident report back (print view)', () => {
  const blocks = parseReport(incidentReport(DETAIL, null));

  it('finds the title, the sections and the summary list', () => {
    expect(blocks[0]).toEqual({
      kind: 'heading',
      level: 1,
      text: parseInline('Incident inc-0001'),
    });
    const titles = blocks
      .filter((b) => b.kind === 'heading' && b.level === 2)
      .map((b) => (b.kind === 'heading' ? text(b.text) : ''));
    expect(titles).toEqual([
      'Summary',
      'Timeline (first 1 of 2 alerts)',
      'Conjecture',
      'Executed plan',
      'Recovery',
    ]);
    const [summary] = section(blocks, 'Summary');
    expect(summary?.kind).toBe('list');
    if (summary?.kind === 'list') expect(text(summary.items[0]!.text)).toBe('Family: dos');
  });

  it('reads the executed plan as a table, the rejected step struck through', () => {
    const [plan] = section(blocks, 'Executed plan');
    expect(plan?.kind).toBe('table');
    if (plan?.kind !== 'table') return;
    expect(plan.head.map(text)).toEqual([
      'Step',
      'Decision',
      'Actor',
      'Action',
      'Feedback',
      'Stages after',
    ]);
    expect(plan.rows.map((r) => r.slice(0, 4).map(text))).toEqual([
      ['1', 'approve', 'analyst', 'block-ip 10.0.0.9'],
      ['2', 'reject', 'analyst', 'isolate-host 192.168.1.5 (rejected)'],
      ['2', 'edit', 'bob', 'monitor'],
    ]);
    expect(plan.rows[1]![3]![0]).toEqual({ kind: 'strike', text: 'isolate-host 192.168.1.5' });
  });

  it('keeps an escaped pipe inside its cell and nests the evidence list', () => {
    const [table] = section(blocks, 'Timeline (first 1 of 2 alerts)');
    expect(table?.kind === 'table' && table.rows[0]!.map(text)).toEqual([
      '2017-07-05T09:00:00.000Z',
      '10.0.0.9',
      '192.168.1.5',
      'a | b <= 3',
      '1',
    ]);
    const [conj] = section(blocks, 'Conjecture');
    expect(conj?.kind).toBe('list');
    if (conj?.kind !== 'list') return;
    const evidence = conj.items.find((i) => text(i.text) === 'Evidence for:');
    expect(evidence?.children.map(text)).toEqual(['long half-open connections']);
    expect(parseInline('Variant: Slowloris (`slowloris`)')).toEqual([
      { kind: 'text', text: 'Variant: Slowloris (' },
      { kind: 'code', text: 'slowloris' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('keeps anything else as plain text and always moves on', () => {
    expect(tableCells('| a \\| b | c |')).toEqual(['a | b', 'c']);
    expect(parseReport('| not a table\n<b>x</b>\n\n- one\n  - two')).toEqual([
      { kind: 'paragraph', text: [{ kind: 'text', text: '| not a table <b>x</b>' }] },
      {
        kind: 'list',
        items: [
          { text: [{ kind: 'text', text: 'one' }], children: [[{ kind: 'text', text: 'two' }]] },
        ],
      },
    ]);
  });
});

describe('incident screen keys', () => {
  const key = (
    k: string,
    mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {},
  ) => incidentCommand({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

  it('maps A / E / R, j / k and the arrows, in either case, never with a modifier', () => {
    expect(
      ['a', 'E', 'r', 'j', 'K', 'ArrowDown', 'ArrowUp', 'x', 'Enter'].map((k) => key(k)),
    ).toEqual(['approve', 'edit', 'reject', 'next', 'prev', 'next', 'prev', null, null]);
    expect(key('a', { ctrlKey: true })).toBe(null);
    expect(key('r', { metaKey: true })).toBe(null);
  });

  it('treats text fields and pickers as typing, checkboxes and buttons not', () => {
    expect(isTypingIn({ tagName: 'INPUT', type: 'text' })).toBe(true);
    expect(isTypingIn({ tagName: 'input' })).toBe(true);
    expect(isTypingIn({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTypingIn({ tagName: 'SELECT' })).toBe(true);
    expect(isTypingIn({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(isTypingIn({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTypingIn({ tagName: 'BUTTON' })).toBe(false);
    expect(isTypingIn(null)).toBe(false);
  });

  it('steps through the list, staying at the ends', () => {
    const ids = ['a', 'b', 'c'];
    expect(stepId(ids, 'b', 1)).toBe('c');
    expect(stepId(ids, 'c', 1)).toBe('c');
    expect(stepId(ids, 'a', -1)).toBe('a');
    expect(stepId(ids, null, 1)).toBe('a');
    expect(stepId(ids, 'gone', -1)).toBe('c');
    expect(stepId([], 'a', 1)).toBe(null);
  });
});
