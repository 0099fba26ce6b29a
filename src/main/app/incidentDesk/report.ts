/**
 * The Markdown incident report: what happened, what was conjectured from the incident's own data,
 * what was run with its prediction beside what was observed, the enforcement to apply, and (in a
 * section of its own, labelled SIMULATED) the twin what-if, which is never evidence.
 */
import type { IncidentDetail } from '../../../shared/contract';

/** Timeline rows the report quotes. */
export const REPORT_TIMELINE_ROWS = 20;

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function entities(d: IncidentDetail, out: string[]): void {
  const e = d.entities;
  if (!e) return;
  const host = (
    h: IncidentDetail['entities'] extends infer E
      ? E extends { attackers: (infer H)[] }
        ? H
        : never
      : never,
  ) =>
    `${h.address} (${h.alerts} alerts${h.seenAs.some((x) => x.via === 'alias') ? `; seen as ${h.seenAs.map((x) => `${x.address} ${x.alerts}`).join(', ')}` : ''})`;
  out.push(
    '## Entities',
    '',
    `- Attackers: ${e.attackers.map(host).join('; ') || '—'}`,
    `- Victims: ${e.victims.map(host).join('; ') || '—'}`,
    `- External peers: ${e.externalPeers.map(host).join('; ') || '—'}`,
    `- Services: ${e.services.map((s) => `${s.target} (${s.name}, ${s.alerts})`).join(', ') || '—'}`,
    `- NAT gateways folded: ${e.gateways.join(', ') || '—'}`,
    `- Alert kinds: ${e.kinds.map((k) => `${k.signature} ×${k.count} [${k.techniques.join(', ') || '—'}]`).join('; ')}`,
    `- Busiest minute: ${e.peakPerMinute} alerts to one host; ${e.meanPerMinute} alerts per minute on average`,
    '',
    '## What the data shows',
    '',
    ...d.signals.map((s) => `- ${s.id}: ${s.present ? 'yes' : 'no'} — ${s.detail}`),
    '',
  );
}

function hypotheses(d: IncidentDetail, out: string[]): void {
  out.push('## Hypotheses (scored on this incident’s alerts and the analyst’s answers)', '');
  if (!d.hypotheses.length) {
    out.push('No hypothesis (a false positive, or no catalogue entry for its family).', '');
    return;
  }
  out.push(
    '| Facet | Hypothesis | Score | Precision | Kept | Evidence for | Evidence against | Would confirm or refute (not observed yet) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const h of d.hypotheses)
    out.push(
      `| ${h.facet} | ${cell(h.name)} (\`${h.id}\`) | ${pct(h.score)} | ${h.evaluated ? h.precision.toFixed(2) : '—'} | ${h.kept ? 'yes' : 'no'} | ${cell(h.evidenceFor.join('; ') || '—')} | ${cell(h.evidenceAgainst.join('; ') || '—')} | ${cell(
        h.tests
          .filter((t) => t.observed === null)
          .map((t) => `${t.indicator} ${t.expected ? 'seen' : 'not seen'}`)
          .join('; ') || '—',
      )} |`,
    );
  out.push('');
}

function plan(d: IncidentDetail, out: string[]): void {
  out.push('## Executed plan: prediction and observation', '');
  if (d.history.length === 0) {
    out.push('No decision taken yet.', '');
    return;
  }
  out.push(
    '| Step | Decision | Actor | Action | Predicted | Observed | Match |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const h of d.history) {
    const a = h.action ?? h.recommended;
    const what = a ? `${a.verb}${a.target ? ` ${a.target}` : ''}` : '—';
    const shown = h.decision === 'reject' ? `~~${what}~~ (rejected)` : what;
    const match =
      h.observation.mismatch === null ? '—' : h.observation.mismatch ? 'no: revised' : 'yes';
    out.push(
      `| ${h.step} | ${h.decision} | ${cell(h.actor)} | ${cell(shown)} | ${cell(h.prediction?.text || h.expected || '—')} | ${cell(h.observation.text)} | ${match} |`,
    );
  }
  out.push('');
}

function enforcement(d: IncidentDetail, out: string[]): void {
  out.push('## Enforcement (commands and rules to apply; Rampart ran none of them)', '');
  if (!d.enforcement.length) out.push('No containment or eradication step approved yet.', '');
  for (const e of d.enforcement) {
    out.push(`### Step ${e.step}: ${e.action.verbName} ${e.action.target ?? ''}`.trimEnd(), '');
    if (e.error) out.push(`Not rendered: ${e.error}`, '');
    if (e.manual) out.push(`By hand: ${e.manual}`, '');
    for (const r of e.renderings)
      out.push(`${r.title} (${r.system}):`, '', '```', r.text, '```', '');
  }
}

/** Render the report of an incident's detail. */
export function incidentReport(d: IncidentDetail): string {
  const s = d.summary;
  const out: string[] = [`# Incident ${s.id}`, '', '## Summary', ''];
  out.push(
    `- Family: ${s.family}${s.falsePositive ? ' (false positive: benign traffic)' : ''}`,
    `- Sources: ${s.sources.join(', ') || '—'}`,
    `- Targets: ${s.targets.join(', ') || '—'}`,
    `- Seen: ${s.firstSeen} → ${s.lastSeen}`,
    `- Alerts: ${s.alerts}`,
    `- Chained from: ${s.chainedFrom.join(', ') || '—'}`,
    `- State: ${s.state}; steps: ${s.steps}; stages ${d.stageNames.map((n, i) => `${n} ${d.stages[i] ? '✓' : '✗'}`).join(', ')}`,
    `- Planner: ${d.agent}`,
    '',
    `## Timeline (first ${Math.min(REPORT_TIMELINE_ROWS, d.timeline.length)} of ${d.alertsTotal} alerts)`,
    '',
    '| Time | Source | Destination | Signature | Priority |',
    '| --- | --- | --- | --- | --- |',
  );
  for (const a of d.timeline.slice(0, REPORT_TIMELINE_ROWS))
    out.push(`| ${a.time} | ${a.src} | ${a.dst} | ${cell(a.signature)} | ${a.priority} |`);
  out.push('');
  entities(d, out);
  hypotheses(d, out);
  plan(d, out);
  enforcement(d, out);
  if (d.whatIf) out.push('## What-if (SIMULATED — not evidence)', '', `> ${d.whatIf.text}`, '');
  return `${out.join('\n')}\n`;
}
