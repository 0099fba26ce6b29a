/**
 * The print view's reading of the incident report: the Markdown subset the core's report writer
 * emits (checked against a real report of a fixture incident: entities, hypotheses, the plan's
 * prediction against observation, enforcement code blocks, the SIMULATED what-if in its own
 * section), and the screen's single-key commands with the typing guard.
 */
import { describe, expect, it } from 'vitest';
import { incidentReport } from '../../src/main/app/incidentDesk/report';
import {
  incidentCommand,
  isTypingIn,
  ownsArrows,
  stepId,
} from '../../src/renderer/src/incidents/incidentKeys';
import {
  isSimulated,
  parseInline,
  parseReport,
  sectionName,
  tableCells,
  type Block,
  type Inline,
} from '../../src/renderer/src/incidents/reportMarkdown';
import type {
  IncidentActionView,
  IncidentDetail,
  IncidentObservationView,
  IncidentPredictionView,
} from '../../src/shared/contract';

const act = (verb: string, target: string | null): IncidentActionView => ({
  verb,
  verbName: verb,
  target,
  cost: 1,
});

const pred = (text: string, stops: string | null = null): IncidentPredictionView => ({
  text,
  answers: [],
  stops,
});
const none: IncidentObservationView = {
  kind: 'none',
  text: 'not run',
  answers: [],
  mismatch: null,
  actor: null,
  auditId: null,
};

/**
 * A recovering brute force behind a NAT: a collect-logs step whose answers contradicted the leading
 * hypothesis, a rejected step, an approved block with its enforcement texts, a pipe in a
 * signature, and the twin what-if.
 */
const DETAIL: IncidentDetail = {
  summary: {
    id: 'inc-0001',
    family: 'brute-force',
    sources: ['205.174.165.73'],
    targets: ['192.168.10.50'],
    firstSeen: '2017-07-04T12:19:20.000Z',
    lastSeen: '2017-07-04T13:20:13.000Z',
    alerts: 2,
    chainedFrom: [],
    falsePositive: false,
    severity: 'high',
    severityRank: 6,
    tactics: ['credential access'],
    scenarioId: 'cic-bruteforce',
    state: 'recovering',
    steps: 2,
  },
  timeline: [
    {
      time: '2017-07-04T12:19:20.000Z',
      src: '205.174.165.73',
      dst: '192.168.10.50',
      signature: 'a | b <= 3',
      classification: 'FTP-Patator',
      priority: 1,
    },
  ],
  alertsTotal: 2,
  entities: {
    attackers: [
      {
        address: '205.174.165.73',
        role: 'attacker',
        internal: false,
        alerts: 2,
        seenAs: [{ address: '172.16.0.1', alerts: 2, via: 'alias' }],
        families: ['brute-force'],
      },
    ],
    victims: [
      {
        address: '192.168.10.50',
        role: 'victim',
        internal: true,
        alerts: 2,
        seenAs: [{ address: '192.168.10.50', alerts: 2, via: 'itself' }],
        families: ['brute-force'],
      },
    ],
    externalPeers: [],
    services: [
      {
        target: '192.168.10.50:21/tcp',
        host: '192.168.10.50',
        port: 21,
        proto: 'tcp',
        name: 'ftp',
        alerts: 2,
        families: ['brute-force'],
      },
    ],
    protocols: { TCP: 2 },
    gateways: [],
    kinds: [
      {
        signature: 'FTP-Patator',
        family: 'brute-force',
        techniques: ['T1110'],
        count: 2,
        first: '2017-07-04T12:19:20.000Z',
        last: '2017-07-04T13:20:13.000Z',
      },
    ],
    peakPerMinute: 2,
    meanPerMinute: 0.03,
  },
  signals: [{ id: 'success-signature', present: false, detail: 'no alert reports a login' }],
  hypotheses: [
    {
      id: 'bf-failed',
      facet: 'brute-force',
      name: 'Brute force that failed',
      techniques: ['T1110'],
      score: 0,
      precision: 0.5,
      evaluated: 2,
      kept: false,
      evidenceFor: ['success-signature not seen'],
      evidenceAgainst: ['q-login-success seen: analyst, step 1: yes'],
      tests: [{ indicator: 'q-login-success', expected: false, counts: true, observed: true }],
    },
    {
      id: 'bf-succeeded',
      facet: 'brute-force',
      name: 'Brute force that got in',
      techniques: ['T1110', 'T1078'],
      score: 1,
      precision: 1,
      evaluated: 2,
      kept: true,
      evidenceFor: ['q-login-success seen: analyst, step 1: yes'],
      evidenceAgainst: [],
      tests: [{ indicator: 'q-login-success', expected: true, counts: true, observed: true }],
    },
  ],
  stageNames: ['containment', 'assessment'],
  stages: [true, true],
  conjecture: {
    variant: 'bf-succeeded',
    variantTitle: 'Brute force that got in',
    confidence: 1,
    tactics: ['T1110', 'T1078'],
    scores: { 'bf-failed': 0, 'bf-succeeded': 1 },
    evidenceFor: ['q-login-success seen: analyst, step 1: yes'],
    evidenceAgainst: [],
  },
  candidates: [],
  recommended: null,
  abstainReason: null,
  agent: 'grounded-planner',
  forms: [],
  history: [
    {
      step: 1,
      at: '2017-07-05T09:11:00.000Z',
      actor: 'analyst',
      decision: 'approve',
      recommended: act('collect-logs', '192.168.10.50'),
      action: act('collect-logs', '192.168.10.50'),
      note: '',
      feedback: 'collect-logs approved',
      expected: 'expects q-login-success no (bf-failed)',
      prediction: {
        text: 'expects q-login-success no (bf-failed)',
        answers: [
          { question: 'q-login-success', text: 'A login?', expected: false, under: 'bf-failed' },
        ],
        stops: null,
      },
      observation: {
        kind: 'answers',
        text: 'analyst answered q-login-success yes',
        answers: [{ question: 'q-login-success', answer: 'yes' }],
        mismatch: true,
        actor: 'analyst',
        auditId: 12,
      },
      stages: [false, true],
      auditId: 11,
    },
    {
      step: 2,
      at: '2017-07-05T09:12:00.000Z',
      actor: 'analyst',
      decision: 'reject',
      recommended: act('isolate-host', '192.168.10.50'),
      action: null,
      note: 'production',
      feedback: 'rejected',
      expected: '',
      prediction: null,
      observation: none,
      stages: [false, true],
      auditId: 13,
    },
    {
      step: 2,
      at: '2017-07-05T09:13:00.000Z',
      actor: 'bob',
      decision: 'edit',
      recommended: act('collect-memory', '192.168.10.50'),
      action: act('block-endpoint', '205.174.165.73'),
      note: '',
      feedback: 'blocked',
      expected: 'expects no further alerts from 205.174.165.73',
      prediction: pred('expects no further alerts from 205.174.165.73', 'alerts from it'),
      observation: { ...none, kind: 'pending', text: 'no alert has arrived since the step' },
      stages: [true, true],
      auditId: 14,
    },
  ],
  enforcement: [
    {
      step: 2,
      action: act('block-endpoint', '205.174.165.73'),
      renderings: [
        {
          system: 'nftables',
          title: 'Drop all traffic from 205.174.165.73',
          text: "nft -f - <<'EOF'\nadd rule inet rampart input ip saddr 205.174.165.73 drop\nEOF",
        },
        {
          system: 'suricata',
          title: 'Drop 205.174.165.73 inline',
          text: 'drop ip 205.174.165.73 any -> $HOME_NET any (msg:"x | y"; sid:1;)',
        },
      ],
      manual: null,
      error: null,
    },
  ],
  whatIf: {
    label: 'SIMULATED',
    scenarioId: 'cic-bruteforce',
    scenarioTitle: 'FTP/SSH password guessing',
    text: 'SIMULATED what-if: the twin takes 8 steps. Not evidence.',
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
  const markdown = incidentReport(DETAIL);
  const blocks = parseReport(markdown);
  const PLAN = 'Executed plan: prediction and observation';
  const ENFORCEMENT = 'Enforcement (commands and rules to apply; Rampart ran none of them)';
  const WHAT_IF = 'What-if (SIMULATED — not evidence)';

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
      'Entities',
      'What the data shows',
      'Hypotheses (scored on this incident’s alerts and the analyst’s answers)',
      PLAN,
      ENFORCEMENT,
      WHAT_IF,
    ]);
    // The print view's section names, as the e2e page object finds them.
    const names = blocks
      .filter((b) => b.kind === 'heading' && b.level === 2)
      .map((b) => (b.kind === 'heading' ? sectionName(b.text) : ''));
    expect(names).toEqual([
      'summary',
      'timeline',
      'entities',
      'what-the-data-shows',
      'hypotheses',
      'executed-plan-prediction-and-observation',
      'enforcement',
      'what-if',
    ]);
    const [summary] = section(blocks, 'Summary');
    expect(summary?.kind).toBe('list');
    if (summary?.kind === 'list') expect(text(summary.items[0]!.text)).toBe('Family: brute-force');
  });

  it('reads the entities with the NAT alias, and the hypotheses as a table', () => {
    const [entities] = section(blocks, 'Entities');
    expect(entities?.kind).toBe('list');
    if (entities?.kind === 'list')
      expect(text(entities.items[0]!.text)).toContain('205.174.165.73');
    expect(markdown).toContain('seen as 172.16.0.1');
    const [table] = section(
      blocks,
      'Hypotheses (scored on this incident’s alerts and the analyst’s answers)',
    );
    expect(table?.kind).toBe('table');
    if (table?.kind !== 'table') return;
    expect(table.rows.map((r) => [text(r[1]!), text(r[4]!)])).toEqual([
      ['Brute force that failed (bf-failed)', 'no'],
      ['Brute force that got in (bf-succeeded)', 'yes'],
    ]);
    expect(table.rows[0]![1]).toContainEqual({ kind: 'code', text: 'bf-failed' });
  });

  it('reads the executed plan with prediction beside observation, the rejected step struck through', () => {
    const [plan] = section(blocks, PLAN);
    expect(plan?.kind).toBe('table');
    if (plan?.kind !== 'table') return;
    expect(plan.head.map(text)).toEqual([
      'Step',
      'Decision',
      'Actor',
      'Action',
      'Predicted',
      'Observed',
      'Match',
    ]);
    const rows = plan.rows.map((r) => r.map(text));
    expect(rows[0]).toEqual([
      '1',
      'approve',
      'analyst',
      'collect-logs 192.168.10.50',
      'expects q-login-success no (bf-failed)',
      'analyst answered q-login-success yes',
      'no: revised',
    ]);
    // A rejected step predicted nothing and ran nothing.
    expect(rows[1]!.slice(0, 4)).toEqual([
      '2',
      'reject',
      'analyst',
      'isolate-host 192.168.10.50 (rejected)',
    ]);
    expect(rows[1]!.slice(5)).toEqual(['not run', '—']);
    expect(rows[2]).toEqual([
      '2',
      'edit',
      'bob',
      'block-endpoint 205.174.165.73',
      'expects no further alerts from 205.174.165.73',
      'no alert has arrived since the step',
      '—',
    ]);
    expect(plan.rows[1]![3]![0]).toEqual({ kind: 'strike', text: 'isolate-host 192.168.10.50' });
  });

  it('keeps the enforcement texts verbatim in code blocks, pipes and heredoc included', () => {
    const parts = section(blocks, ENFORCEMENT);
    expect(parts[0]).toEqual({
      kind: 'heading',
      level: 3,
      text: parseInline('Step 2: block-endpoint 205.174.165.73'),
    });
    const code = parts.filter((b) => b.kind === 'code');
    expect(code).toEqual([
      { kind: 'code', text: DETAIL.enforcement[0]!.renderings[0]!.text },
      { kind: 'code', text: DETAIL.enforcement[0]!.renderings[1]!.text },
    ]);
    // A fence left open runs to the end instead of swallowing nothing or looping.
    expect(parseReport('```\nnft add rule\n| a | b |')).toEqual([
      { kind: 'code', text: 'nft add rule\n| a | b |' },
    ]);
  });

  it('reads the what-if as a quote in a section of its own, the only one that names the twin', () => {
    const parts = section(blocks, WHAT_IF);
    expect(parts).toEqual([{ kind: 'quote', text: parseInline(DETAIL.whatIf!.text) }]);
    const heading = blocks.find((b) => b.kind === 'heading' && text(b.text) === WHAT_IF);
    expect(heading?.kind === 'heading' && isSimulated(heading.text)).toBe(true);
    expect(
      blocks.filter((b) => b.kind === 'heading' && b.level === 2 && isSimulated(b.text)),
    ).toHaveLength(1);
    const before = markdown.slice(0, markdown.indexOf(`## ${WHAT_IF}`));
    expect(before).not.toMatch(/twin|SIMULATED/);
  });

  it('keeps an escaped pipe inside its cell', () => {
    const [table] = section(blocks, 'Timeline (first 1 of 2 alerts)');
    expect(table?.kind === 'table' && table.rows[0]!.map(text)).toEqual([
      '2017-07-04T12:19:20.000Z',
      '205.174.165.73',
      '192.168.10.50',
      'a | b <= 3',
      '1',
    ]);
    expect(parseInline('Hypothesis (`bf-failed`)')).toEqual([
      { kind: 'text', text: 'Hypothesis (' },
      { kind: 'code', text: 'bf-failed' },
      { kind: 'text', text: ')' },
    ]);
  });

  it('keeps anything else as plain text and always moves on', () => {
    expect(tableCells('| a \\| b | c |')).toEqual(['a | b', 'c']);
    expect(parseReport('| not a table\n<b>x</b>\n\n- one\n  - two\n> quoted\n> on\ntext')).toEqual([
      { kind: 'paragraph', text: [{ kind: 'text', text: '| not a table <b>x</b>' }] },
      {
        kind: 'list',
        items: [
          { text: [{ kind: 'text', text: 'one' }], children: [[{ kind: 'text', text: 'two' }]] },
        ],
      },
      { kind: 'quote', text: [{ kind: 'text', text: 'quoted on' }] },
      { kind: 'paragraph', text: [{ kind: 'text', text: 'text' }] },
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

  it('leaves the arrows to a radio group (an evidence form), not to the list', () => {
    expect(ownsArrows({ tagName: 'INPUT', type: 'radio' })).toBe(true);
    expect(isTypingIn({ tagName: 'INPUT', type: 'radio' })).toBe(false);
    expect(ownsArrows({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(ownsArrows({ tagName: 'BUTTON' })).toBe(false);
    expect(ownsArrows(null)).toBe(false);
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
