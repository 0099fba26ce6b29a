/** The Markdown incident report: what happened, what the agent conjectured, what was run. */
import type { IncidentDetail } from '../../../shared/contract';
import { optimalSteps } from '../../domain/ir/twin';
import type { ResponseSession } from './session';

/** Timeline rows the report quotes. */
export const REPORT_TIMELINE_ROWS = 20;

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const bits = (b: readonly boolean[]): string => b.map(Number).join('');

/** Render the report of an incident's detail (and its session, for T*). */
export function incidentReport(d: IncidentDetail, session: ResponseSession | null): string {
  const s = d.summary;
  const out: string[] = [`# Incident ${s.id}`, '', '## Summary', ''];
  out.push(
    `- Family: ${s.family}${s.falsePositive ? ' (false positive: benign traffic)' : ''}`,
    `- Sources: ${s.sources.join(', ') || '—'}`,
    `- Targets: ${s.targets.join(', ') || '—'}`,
    `- Seen: ${s.firstSeen} → ${s.lastSeen}`,
    `- Alerts: ${s.alerts}`,
    `- Chained from: ${s.chainedFrom.join(', ') || '—'}`,
    `- State: ${s.state}`,
    '',
    `## Timeline (first ${Math.min(REPORT_TIMELINE_ROWS, d.timeline.length)} of ${d.alertsTotal} alerts)`,
    '',
    '| Time | Source | Destination | Signature | Priority |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const a of d.timeline.slice(0, REPORT_TIMELINE_ROWS))
    out.push(`| ${a.time} | ${a.src} | ${a.dst} | ${cell(a.signature)} | ${a.priority} |`);
  out.push('', '## Conjecture', '');
  const c = d.conjecture;
  if (!c) out.push('No attack conjecture (nothing was simulated for this incident).');
  else {
    out.push(
      `- Variant: ${c.variantTitle} (\`${c.variant}\`), confidence ${c.confidence.toFixed(2)}`,
      `- Tactics: ${c.tactics.join(', ') || '—'}`,
      `- Scores: ${Object.entries(c.scores)
        .map(([v, p]) => `${v} ${p.toFixed(2)}`)
        .join(', ')}`,
      '- Evidence for:',
      ...c.evidenceFor.map((e) => `  - ${e}`),
      '- Evidence against:',
      ...(c.evidenceAgainst.length ? c.evidenceAgainst.map((e) => `  - ${e}`) : ['  - none']),
    );
  }
  out.push('', '## Executed plan', '');
  if (d.history.length === 0) out.push('No decision taken yet.');
  else {
    out.push(
      '| Step | Decision | Actor | Action | Feedback | Stages after |',
      '| --- | --- | --- | --- | --- | --- |',
    );
    for (const h of d.history) {
      const a = h.action ?? h.recommended;
      const what = a ? `${a.verb}${a.target ? ` ${a.target}` : ''}` : '—';
      const shown = h.decision === 'reject' ? `~~${what}~~ (rejected)` : what;
      out.push(
        `| ${h.step} | ${h.decision} | ${cell(h.actor)} | ${cell(shown)} | ${cell(h.feedback || '—')} | ${bits(h.stages)} |`,
      );
    }
  }
  out.push('', '## Recovery', '');
  const steps = s.steps;
  if (session && c) {
    const tStar = optimalSteps(session.spec, c.variant).steps;
    out.push(
      `- Status: ${s.state}; stages ${d.stageNames.map((n, i) => `${n} ${session.twin.stages[i] ? '✓' : '✗'}`).join(', ')}`,
      `- Steps: ${steps} (T* of ${c.variant}: ${tStar})`,
      '',
      `Outcomes were simulated in the twin scenario \`${session.spec.id}\` (${session.spec.title}) with the ${d.simulation?.agent ?? 'twin-planner'} agent; no real host was changed.`,
    );
  } else {
    out.push(
      `- Status: ${s.state}; steps: ${steps}`,
      '',
      'No outcome was simulated for this incident.',
    );
  }
  return `${out.join('\n')}\n`;
}
