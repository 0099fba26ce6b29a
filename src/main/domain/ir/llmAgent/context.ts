/**
 * What the response agent tells the model: fixed instructions (one KV prefix for every call), then
 * the incident context (system description, hosts, alerts summarised, the bounded history of
 * actions with expected against observed outcomes, the current belief), then one role's task.
 * The shared part comes first so the calls of one step reuse each other's KV cache.
 */
import type {
  AttackVariant,
  Conjecture,
  Incident,
  IrAlert,
  ResponseAction,
  ResponseVerb,
  StageBits,
  TwinHost,
} from '../core/types';
import { actionText, stagesText } from './grounding';

/** The fixed instructions: identical for every call of every role. */
export const IR_INSTRUCTIONS = [
  'You are the incident response agent of a security operations centre. An attacker is active in',
  'the network described below; IDS alerts show what it did. Your aim is to recover the network in',
  'as few response actions as possible.',
  'Recovery has six stages, done in this order of importance and never undone once done:',
  'containment (the attacker can no longer reach the targets), assessment (enough is known about',
  'the attack), preservation (evidence is collected), eviction (attacker access and code removed),',
  'hardening (the root cause is fixed), restoration (services and users are back).',
  'Every action costs a step, useless or not. You will be asked for one of these tasks:',
  '- perception: which stages are done now, and the key entities of the incident;',
  '- reasoning: which IDS alerts a given attack variant would raise;',
  '- planning: a next response action, or what happens after a simulated action;',
  '- action: the response action to execute now and the stages you expect after it.',
  'Compare what you expected after each past action with what was observed, and correct your',
  'picture of the attack when they differ. Use only the verbs and targets offered.',
  'Answer only with JSON in the requested form.',
].join('\n');

/** One past step as the model sees it: what was done, what was expected, what came back. */
export interface HistoryEntry {
  step: number;
  action: ResponseAction | null;
  /** What the agent expected to observe (the decision's `expected`). */
  expected: string;
  /** The tool's feedback, verbatim. */
  feedback: string;
  valid: boolean;
  /** Alerts raised since the step, summarised ("3 alerts: Misc activity ×3"). */
  alerts: string;
}

/** Everything the prompts are made of; the agent keeps and updates it. */
export interface IncidentContext {
  system: string;
  hosts: readonly TwinHost[];
  incident: Incident;
  variants: readonly AttackVariant[];
  /** The response catalogue (fixed for the session, so it sits in the shared prefix). */
  verbs: readonly ResponseVerb[];
  /** Every alert seen so far: the incident's, then each observation's. */
  alerts: IrAlert[];
  /** Past steps, oldest first (bounded by the agent). */
  history: HistoryEntry[];
  believed: StageBits | null;
  conjecture: Conjecture | null;
}

/** How much of the context a prompt carries; the fitter shrinks these until the prompt fits. */
export interface ContextBudget {
  historyEntries: number;
  alertLines: number;
}

/** Alerts grouped by (priority, classification, signature, src → dst:port), most frequent first. */
export function summariseAlerts(alerts: readonly IrAlert[], maxLines: number): string[] {
  const groups = new Map<string, { n: number; a: IrAlert }>();
  for (const a of alerts) {
    const key = [a.priority, a.classification, a.signature, a.src, a.dst, a.dstPort].join('|');
    const g = groups.get(key);
    if (g) g.n++;
    else groups.set(key, { n: 1, a });
  }
  const sorted = [...groups.values()].sort((x, y) => y.n - x.n || x.a.priority - y.a.priority);
  const lines = sorted.slice(0, Math.max(0, maxLines)).map(({ n, a }) => {
    const port = a.dstPort === null ? '' : `:${a.dstPort}`;
    return `- ${n}x [pri ${a.priority}] ${a.classification}: "${a.signature}" ${a.src} -> ${a.dst}${port}`;
  });
  if (sorted.length > lines.length)
    lines.push(`- (${sorted.length - lines.length} rarer alert groups left out)`);
  return lines;
}

/** One line of new alerts for a history entry. */
export function alertsBrief(alerts: readonly IrAlert[]): string {
  if (alerts.length === 0) return 'no new alerts';
  const counts = new Map<string, number>();
  for (const a of alerts) counts.set(a.classification, (counts.get(a.classification) ?? 0) + 1);
  const parts = [...counts].sort((x, y) => y[1] - x[1]).map(([c, n]) => `${c} x${n}`);
  return `${alerts.length} new alerts: ${parts.join(', ')}`;
}

function hostLine(h: TwinHost): string {
  const services = h.services.length ? h.services.join(', ') : 'no services';
  return `- ${h.ip} ${h.name} (${h.role}; ${services}${h.critical ? '; critical' : ''})`;
}

function historyLine(h: HistoryEntry): string {
  return (
    `- step ${h.step}: ${actionText(h.action)} | expected: ${h.expected} | ` +
    `observed: "${h.feedback}"${h.valid ? '' : ' (invalid action)'}; ${h.alerts}`
  );
}

/** The shared context part of every prompt, within `budget`. */
export function contextText(ctx: IncidentContext, budget: ContextBudget): string {
  const inc = ctx.incident;
  const history = ctx.history.slice(Math.max(0, ctx.history.length - budget.historyEntries));
  const last = ctx.history[ctx.history.length - 1];
  const parts = [
    '## System description',
    ctx.system.trim(),
    '## Hosts',
    ...ctx.hosts.map(hostLine),
    '## Response verbs (id: name; acts on; cost)',
    ...ctx.verbs.map(
      (v) => `- ${v.id}: ${v.name}; ${v.targetKind}; cost ${v.cost}. ${v.description}`,
    ),
    '## Attack variants considered',
    ...(ctx.variants.length
      ? ctx.variants.map((v) => `- ${v.id}: ${v.title} (${v.tactics.join(', ')})`)
      : ['- none given']),
    '## Incident',
    `Family: ${inc.family}. Attacker side: ${inc.sources.join(', ') || 'unknown'}. ` +
      `Targets: ${inc.targets.join(', ') || 'unknown'}.`,
    `## Alerts (${ctx.alerts.length} so far)`,
    ...summariseAlerts(ctx.alerts, budget.alertLines),
    '## Response so far',
    ...(history.length ? history.map(historyLine) : ['- nothing done yet']),
  ];
  if (ctx.history.length > history.length)
    parts.push(`- (${ctx.history.length - history.length} earlier steps left out)`);
  if (last) {
    parts.push(
      '## Last step: expected against observed',
      `Action: ${actionText(last.action)}`,
      `Expected: ${last.expected}`,
      `Observed: "${last.feedback}"${last.valid ? '' : ' (the action was invalid)'}; ${last.alerts}`,
    );
  }
  parts.push('## Current belief');
  parts.push(`Stages: ${ctx.believed ? stagesText(ctx.believed) : 'not assessed yet'}`);
  const c = ctx.conjecture;
  parts.push(
    c
      ? `Conjecture: ${c.variant} (confidence ${c.confidence.toFixed(2)}), tactics ${c.tactics.join(', ') || 'unknown'}`
      : 'Conjecture: none yet',
  );
  return parts.join('\n');
}

/**
 * Budgets within `budget`, fullest first: the history shrinks (halving) before the alert summary
 * does, so the last step's feedback and the system description survive longest.
 */
export function budgetVariants(ctx: IncidentContext, budget: ContextBudget): ContextBudget[] {
  const out: ContextBudget[] = [];
  let h = Math.min(budget.historyEntries, ctx.history.length);
  for (;;) {
    out.push({ historyEntries: h, alertLines: budget.alertLines });
    if (h === 0) break;
    h = h === 1 ? 0 : Math.floor(h / 2);
  }
  for (let a = Math.floor(budget.alertLines / 2); a >= 1; a = Math.floor(a / 2))
    out.push({ historyEntries: 0, alertLines: a });
  return out;
}

/** User texts for one task, fullest first (one per budget of `budgetVariants`). */
export function userVariants(ctx: IncidentContext, budget: ContextBudget, task: string): string[] {
  return budgetVariants(ctx, budget).map((b) => `${contextText(ctx, b)}\n${task}`);
}
