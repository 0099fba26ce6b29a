/**
 * The incident view on the seeded demo dataset: an attack incident with a twin scenario is walked
 * through three approved response steps (the history grows with feedback and an audit id, the
 * stage bar never loses a done stage, the recommendation moves on), one rejection (the next
 * recommendation differs), and the Markdown report names the executed steps.
 */
import { readFile } from 'node:fs/promises';
import type { IncidentDetail } from '../../../src/shared/contract';
import { expect, test } from '../fixtures';
import type { IncidentsPage } from '../pages/IncidentsPage';
import { callApi } from '../support/api';
import type { ConsoleServer } from '../support/server';
import { screenshotPath } from '../support/paths';
import { browserOnly } from '../support/target';

/** Incidents looked at (through the API) to find one the agent has a proposal for. */
const CANDIDATES_TRIED = 40;

/** An open attack incident with a twin scenario and a recommended first step. */
async function pickAttackIncident(
  server: ConsoleServer,
  datasetId: number,
): Promise<IncidentDetail> {
  const list = await callApi(server, 'incidents.list', { datasetId, gapMin: 10 });
  const open = list.filter((i) => !i.falsePositive && i.scenarioId !== null && i.steps === 0);
  for (const i of open.slice(0, CANDIDATES_TRIED)) {
    const d = await callApi(server, 'incidents.get', { datasetId, incidentId: i.id });
    if (d?.recommended && d.simulation) return d;
  }
  throw new Error(`no open attack incident with a recommendation among ${open.length}`);
}

/** The recommendation as shown: its action key and what the agent expects. */
async function shownRecommendation(p: IncidentsPage): Promise<string> {
  return `${await p.recommendedKey()} | ${(await p.expected.textContent()) ?? ''}`;
}

/** Every stage done before is still done. */
function keepsDone(before: boolean[], after: boolean[]): boolean {
  return before.every((b, i) => !b || after[i] === true);
}

test('an attack incident is walked through three approved steps, a rejection and the report', async ({
  page,
  server,
  target,
  demoDatasetId,
  consolePage,
  incidentsPage: p,
}) => {
  const picked = await pickAttackIncident(server, demoDatasetId);
  const id = picked.summary.id;
  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await p.open();

  // The list: attack and false-positive rows carry their family, scenario, state and steps.
  const row = p.row(id);
  await expect(row).toHaveAttribute('data-false-positive', 'false');
  await expect(row).toHaveAttribute('data-scenario', picked.summary.scenarioId ?? '');
  await expect(row).toHaveAttribute('data-state', 'open');
  await expect(row).toHaveAttribute('data-steps', '0');
  // The keyboard moves the selection through the list.
  await p.rows.first().click();
  const firstId = (await p.rows.first().getAttribute('data-incident-id')) ?? '';
  await expect(p.detail).toHaveAttribute('data-incident-id', firstId);
  if ((await p.rows.count()) > 1) {
    await p.list.press('ArrowDown');
    await expect(p.rows.nth(1)).toHaveAttribute('aria-selected', 'true');
    await expect(p.detail).not.toHaveAttribute('data-incident-id', firstId);
  }

  await p.select(id);
  await expect(p.simulation).toHaveText(
    `Outcomes are simulated in the twin scenario ${picked.simulation?.scenarioTitle} by agent ${picked.simulation?.agent}.`,
  );
  await expect(p.stages).toHaveCount(6);
  await expect(p.conjecture).toBeVisible();
  await expect(p.conjecture.getByTestId('conjecture-confidence')).toHaveText(/^\d{1,3}\.\d%$/);
  expect(await p.candidates.count()).toBeGreaterThanOrEqual(1);
  await expect(p.timelineRows.first()).toBeVisible();
  await expect(p.history).toHaveCount(0);

  // Three approved steps.
  const executed: string[] = [];
  for (let n = 1; n <= 3; n++) {
    const before = await p.stageBits();
    const rec = await shownRecommendation(p);
    const key = await p.recommendedKey();
    await p.approve(`e2e: step ${n}`);
    await expect(p.result).toContainText(`Step ${n} approved and run`);
    await expect(p.decisionError).toHaveCount(0);
    await expect(p.history).toHaveCount(n);
    const entry = p.history.nth(n - 1);
    await expect(entry).toHaveAttribute('data-decision', 'approve');
    await expect(entry).toHaveAttribute('data-audit-id', /^[1-9]\d*$/);
    await expect(entry.getByTestId('history-feedback')).toHaveText(/feedback: \S+/);
    await expect(entry.getByTestId('history-audit')).toHaveText(/^audit #\d+$/);
    const auditId = (await entry.getAttribute('data-audit-id')) ?? '';
    await expect(p.result).toContainText(`audit #${auditId}`);
    await expect(p.detail).toHaveAttribute('data-steps', String(n));
    await expect(p.row(id)).toHaveAttribute('data-steps', String(n));
    expect(keepsDone(before, await p.stageBits()), `step ${n} keeps every done stage`).toBe(true);
    executed.push(key);
    if (n < 3 || (await p.recommended.count()) > 0)
      expect(await shownRecommendation(p), `the recommendation after step ${n}`).not.toBe(rec);
  }
  await expect(p.row(id)).toHaveAttribute('data-state', /recovering|recovered/);
  await page.screenshot({ path: screenshotPath('web-10-incident-view') });

  // One rejection: recorded with its note, and the agent recommends something else.
  const rejected = await p.recommendedKey();
  await p.reject('e2e: not on a production host');
  await expect(p.result).toContainText('Step 4 rejected');
  await expect(p.history).toHaveCount(4);
  await expect(p.history.nth(3)).toHaveAttribute('data-decision', 'reject');
  await expect(p.history.nth(3)).toContainText('e2e: not on a production host');
  await expect(p.detail).toHaveAttribute('data-steps', '3');
  if ((await p.abstain.count()) === 0) expect(await p.recommendedKey()).not.toBe(rejected);

  // The report names every executed step (and the rejected one, struck through).
  const words = (k: string): string => k.replace(':', ' ');
  const check = (md: string): void => {
    expect(md).toContain(`# Incident ${id}`);
    expect(md).toContain('## Executed plan');
    for (const k of executed) expect(md).toContain(`| approve | analyst | ${words(k)} |`);
    expect(md).toContain(`~~${words(rejected)}~~ (rejected)`);
  };
  await browserOnly(target, 'download the incident report', async () => {
    const download = page.waitForEvent('download');
    await p.exportButton.click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^incident-.+\.md$/);
    check(await readFile(await file.path(), 'utf8'));
    await expect(p.exportResult).toContainText(file.suggestedFilename());
  });
  check(
    (await callApi(server, 'incidents.report', { datasetId: demoDatasetId, incidentId: id }))
      .markdown,
  );
});

test('an edit shows the core’s error for an unknown action, and runs a picked candidate', async ({
  server,
  demoDatasetId,
  consolePage,
  pageErrors,
  incidentsPage: p,
}) => {
  const picked = await pickAttackIncident(server, demoDatasetId);
  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await p.open();
  await p.select(picked.summary.id);
  await p.editFree('no-such-verb', 'nowhere');
  await expect(p.decisionError).toContainText('unknown verb "no-such-verb"');
  await expect(p.result).toHaveCount(0);
  await expect(p.history).toHaveCount(0);
  // A valid verb on a target the twin does not have: the core names the verb's real targets.
  await p.editFree('isolate-host', 'no-such-host');
  await expect(p.decisionError).toContainText('is not a valid action');
  await expect(p.history).toHaveCount(0);

  // A candidate other than the recommendation runs as an edit, naming what it replaced.
  const rec = await p.recommendedKey();
  const other = (await p.candidateKeys()).find((k) => k !== rec);
  if (other) {
    await p.editPick(other, 'e2e: prefer this one');
    await expect(p.result).toContainText('Step 1 edited and run');
    await expect(p.history).toHaveCount(1);
    await expect(p.history.first()).toHaveAttribute('data-decision', 'edit');
    await expect(p.history.first()).toContainText('instead of');
    await expect(p.decisionError).toHaveCount(0);
  }

  // The host refused the requests (HTTP 400), which the browser logs; those are expected.
  const unexpected = pageErrors.filter((e) => !/status of 400 \(Bad Request\)/.test(e));
  pageErrors.splice(0, pageErrors.length, ...unexpected);
});
