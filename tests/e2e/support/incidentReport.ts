/**
 * Checks on an incident's Markdown report and view text shared by the incident specs: the executed
 * plan sets each step's prediction beside its observation, and the twin scenario (a simulation,
 * never evidence) is named only in the report's "What-if (SIMULATED" section.
 */
import { expect } from '@playwright/test';
import type { IncidentDetail } from '../../../src/shared/contract';

/** The What-if section's heading prefix. */
export const WHAT_IF_HEADING = '## What-if (SIMULATED';

/** Text the twin scenarios' logs carry; none of it is evidence about a loaded incident. */
export const TWIN_ONLY_WORDS = ['auth.log', 'Accepted password', 'crontab'];

/** A table cell as the report writes it (pipes escaped, one line). */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Whether a line speaks of the twin: the word, the SIMULATED label or the scenario's title. */
function namesTwin(line: string, scenarioTitle: string | undefined): boolean {
  return /\btwin\b|SIMULATED/i.test(line) || (!!scenarioTitle && line.includes(scenarioTitle));
}

/** What of the twin a text (the view outside its what-if box) mentions: empty when nothing. */
export function twinFree(text: string, scenarioTitle: string | undefined): string[] {
  const found = TWIN_ONLY_WORDS.filter((w) => text.includes(w));
  return [...found, ...text.split('\n').filter((l) => namesTwin(l, scenarioTitle))];
}

/** The twin's words never appear, and every line naming the twin is in the What-if section. */
export function expectTwinOnlySimulated(md: string, scenarioTitle: string | undefined): void {
  for (const w of TWIN_ONLY_WORDS) expect(md, `the report never says ${w}`).not.toContain(w);
  const lines = md.split('\n');
  const at = lines.findIndex((l) => l.startsWith(WHAT_IF_HEADING));
  expect(at, 'the report has a What-if (SIMULATED) section').toBeGreaterThan(0);
  const end = lines.findIndex((l, i) => i > at && l.startsWith('## '));
  const inside = (i: number): boolean => i >= at && (end < 0 || i < end);
  const outside = lines.filter((l, i) => namesTwin(l, scenarioTitle) && !inside(i));
  expect(outside, 'lines naming the twin outside the SIMULATED section').toEqual([]);
}

/** Each executed step's row has its prediction and its observation; contradicted ones "revised". */
export function expectPlanReport(md: string, detail: IncidentDetail, actor: string): void {
  expect(md).toContain('## Executed plan: prediction and observation');
  expect(md).toContain('| Step | Decision | Actor | Action | Predicted | Observed | Match |');
  for (const h of detail.history) {
    if (h.decision === 'reject') continue;
    const row = md
      .split('\n')
      .find((l) => l.startsWith(`| ${h.step} | ${h.decision} | ${cell(actor)} |`));
    expect(row, `the plan's row of step ${h.step}`).toBeDefined();
    expect(row).toContain(cell(h.prediction?.text ?? h.expected));
    expect(row).toContain(cell(h.observation.text));
    if (h.observation.mismatch) expect(row).toMatch(/\| no: revised \|$/);
  }
}
