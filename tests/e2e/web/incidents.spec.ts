/**
 * The incident view on the seeded demo dataset: an attack incident with a twin scenario is walked
 * through three approved response steps (the history grows with feedback and an audit id, the
 * stage bar never loses a done stage, the recommendation moves on), one rejection (the next
 * recommendation differs), and the report names the executed steps, as Markdown and as a print
 * view saved to PDF. Decisions made through another client refresh the open view
 * (incidents.changed) without losing the selection or drafts; A / E / R and j / k drive it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { IncidentDetail } from '../../../src/shared/contract';
import { expect, test } from '../fixtures';
import type { ConsolePage } from '../pages/ConsolePage';
import type { IncidentsPage } from '../pages/IncidentsPage';
import { callApi } from '../support/api';
import { pdfFacts } from '../support/pdf';
import { SECOND_ANALYST, type ConsoleServer } from '../support/server';
import { artifactPath, screenshotPath } from '../support/paths';
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

/** Pick an attack incident (as above) and open the Incidents screen on its dataset. */
async function openOnAttackIncident(
  server: ConsoleServer,
  datasetId: number,
  consolePage: ConsolePage,
  p: IncidentsPage,
): Promise<IncidentDetail> {
  const picked = await pickAttackIncident(server, datasetId);
  await consolePage.open(server.url);
  await consolePage.pickDataset(datasetId);
  await p.open();
  return picked;
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
  const picked = await openOnAttackIncident(server, demoDatasetId, consolePage, p);
  const id = picked.summary.id;

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

  // The report names every executed step (and the rejected one, struck through), each recorded as
  // the console's own analyst (the OS user; "(local)" on the headless host).
  const me = (await callApi(server, 'app.info', {})).analyst;
  const words = (k: string): string => k.replace(':', ' ');
  const check = (md: string): void => {
    expect(md).toContain(`# Incident ${id}`);
    expect(md).toContain('## Executed plan');
    for (const k of executed) expect(md).toContain(`| approve | ${me} | ${words(k)} |`);
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

  // The same report as a print view: the executed plan, step by step, the rejection struck out.
  await p.printButton.click();
  await expect(p.printView).toHaveAttribute('data-incident-id', id);
  await expect(p.printView.locator('h1')).toHaveText(`Incident ${id}`);
  await expect(p.printPlanRows).toHaveCount(4);
  for (const [n, k] of executed.entries())
    expect(await p.cells(p.printPlanRows.nth(n))).toEqual(
      expect.arrayContaining([String(n + 1), 'approve', me, words(k)]),
    );
  const rejectedRow = p.printPlanRows.nth(3);
  await expect(rejectedRow.locator('td').nth(1)).toHaveText('reject');
  await expect(rejectedRow.locator('td').nth(3).locator('s')).toHaveText(words(rejected));
  await expect(p.printSection('recovery')).toContainText('Outcomes were simulated');
  await expect(page).toHaveTitle(`Rampart incident report ${id}`);
  await page.screenshot({ path: screenshotPath('web-11-incident-print-view') });
  await browserOnly(target, 'save the print view as PDF', async () => {
    // "Save as PDF" opens the print dialog; headless Chromium has none, so count the call.
    await p.stubPrint();
    await p.printSave.click();
    expect(await p.printCalls()).toBe(1);
    // In print the report stands alone: no console, no toolbar.
    await page.emulateMedia({ media: 'print' });
    await expect(p.screen).toBeHidden();
    await expect(p.printSave).toBeHidden();
    await expect(p.printPlanRows).toHaveCount(4);
    await expect(p.printPlanRows.first()).toBeVisible();
    await page.screenshot({ path: screenshotPath('web-12-incident-print-media') });
    const file = await page.pdf({ format: 'A4', tagged: true, outline: true });
    await page.emulateMedia({ media: 'screen' });
    await writeFile(artifactPath('incident-report.pdf'), file);
    const pdf = pdfFacts(file);
    expect(pdf.version, 'a %PDF- header').toMatch(/^1\.\d$/);
    expect(pdf.complete, 'ends with %%EOF').toBe(true);
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.title).toBe(`Rampart incident report ${id}`);
    // The outline is built from the printed headings: the report's, not the console's.
    expect(pdf.outline).toEqual(
      expect.arrayContaining([`Incident ${id}`, 'Summary', 'Executed plan', 'Recovery']),
    );
    expect(pdf.outline).not.toContain('Incidents');
  });
  await p.printClose.click();
  await expect(p.printView).toHaveCount(0);
  await expect(page).toHaveTitle('Rampart');
});

test('a decision made elsewhere refreshes the open incident, keeping selection and drafts (incidents.changed)', async ({
  server,
  demoDatasetId,
  consolePage,
  incidentsPage: p,
}) => {
  const picked = await openOnAttackIncident(server, demoDatasetId, consolePage, p);
  const id = picked.summary.id;
  await p.select(id);
  await expect(p.history).toHaveCount(0);
  // The analyst is half way through an edit: a note typed, the edit form open.
  await p.note.fill('half-typed: checking with the host owner');
  await p.editButton.click();
  await expect(p.editChoice).toBeFocused();

  // Another analyst (another console, the CLI) approves this incident's step.
  await callApi(
    server,
    'incidents.decide',
    {
      datasetId: demoDatasetId,
      incidentId: id,
      decision: 'approve',
      note: 'from the other console',
    },
    SECOND_ANALYST,
  );
  await expect(p.history).toHaveCount(1);
  await expect(p.history.first()).toContainText(SECOND_ANALYST);
  await expect(p.history.first()).toContainText('from the other console');
  await expect(p.detail).toHaveAttribute('data-steps', '1');
  await expect(p.row(id)).toHaveAttribute('data-steps', '1');
  // Nothing the analyst had is lost.
  await expect(p.detail).toHaveAttribute('data-incident-id', id);
  await expect(p.row(id)).toHaveAttribute('aria-selected', 'true');
  await expect(p.note).toHaveValue('half-typed: checking with the host owner');
  await expect(p.editChoice).toBeVisible();

  // A decision on another incident updates its row; the selection stays.
  const other = await pickAttackIncident(server, demoDatasetId);
  await callApi(
    server,
    'incidents.decide',
    { datasetId: demoDatasetId, incidentId: other.summary.id, decision: 'approve' },
    SECOND_ANALYST,
  );
  await expect(p.row(other.summary.id)).toHaveAttribute('data-steps', '1');
  await expect(p.detail).toHaveAttribute('data-incident-id', id);
  await expect(p.note).toHaveValue('half-typed: checking with the host owner');
});

test('keys: j / k move, A approves, E opens the edit picker, R rejects; none while typing', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  incidentsPage: p,
}) => {
  const picked = await openOnAttackIncident(server, demoDatasetId, consolePage, p);
  const id = picked.summary.id;
  // A key pressed in the header (the nav button just clicked) is not the screen's: the incident
  // shown first is not approved (checked once the keyboard's own approval below has landed).
  const first = p.rows.first();
  const firstId = (await first.getAttribute('data-incident-id')) ?? '';
  const firstSteps = (await first.getAttribute('data-steps')) ?? '';
  await page.getByTestId('nav-incidents').press('a');
  await p.select(id);
  await expect(p.keyHints).toBeVisible();
  await expect(p.keyHints).toContainText('approve');
  await expect(p.approveButton).toHaveAttribute('aria-keyshortcuts', 'A');
  await expect(p.editButton).toHaveAttribute('aria-keyshortcuts', 'E');
  await expect(p.rejectButton).toHaveAttribute('aria-keyshortcuts', 'R');

  // j / k move through the list (the row clicked has the focus), wherever the selection is.
  const ids = await p.rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-incident-id')));
  const at = ids.indexOf(id);
  const [down, up] = at < ids.length - 1 ? ['j', 'k'] : ['k', 'j'];
  const neighbour = ids[at < ids.length - 1 ? at + 1 : at - 1] ?? id;
  await page.keyboard.press(down);
  await expect(p.detail).toHaveAttribute('data-incident-id', neighbour);
  await expect(p.row(neighbour)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press(up);
  await expect(p.detail).toHaveAttribute('data-incident-id', id);

  // Typing in the note fires nothing; Esc leaves the field.
  await p.note.click();
  await page.keyboard.type('a keyboard walk, j k e r');
  await expect(p.note).toHaveValue('a keyboard walk, j k e r');
  await expect(p.detail).toHaveAttribute('data-incident-id', id);
  await expect(p.editChoice).toHaveCount(0);
  await page.keyboard.press('Escape');
  await expect(p.note).not.toBeFocused();

  // E opens the edit form with the picker focused; Esc closes it.
  await page.keyboard.press('e');
  await expect(p.editChoice).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(p.editChoice).toHaveCount(0);

  // A approves the recommended step (with the note written).
  const rec = await p.recommendedKey();
  await page.keyboard.press('a');
  await expect(p.result).toContainText('Step 1 approved and run');
  await expect(p.history).toHaveCount(1);
  await expect(p.history.first()).toHaveAttribute('data-decision', 'approve');
  await expect(p.history.first()).toContainText('a keyboard walk');
  expect(await p.recommendedKey()).not.toBe(rec);
  if (firstId !== id) await expect(p.row(firstId)).toHaveAttribute('data-steps', firstSteps);

  // R without a note asks for one: the note takes the focus and Enter rejects.
  const toReject = await p.recommendedKey();
  await page.keyboard.press('r');
  await expect(p.note).toBeFocused();
  await expect(p.history).toHaveCount(1);
  await page.keyboard.type('e2e: rejected from the keyboard');
  await page.keyboard.press('Enter');
  await expect(p.result).toContainText('Step 2 rejected');
  await expect(p.history).toHaveCount(2);
  await expect(p.history.nth(1)).toHaveAttribute('data-decision', 'reject');
  await expect(p.history.nth(1)).toContainText('e2e: rejected from the keyboard');
  if ((await p.abstain.count()) === 0) expect(await p.recommendedKey()).not.toBe(toReject);
});

test('an edit shows the core’s error for an unknown action, and runs a picked candidate', async ({
  server,
  demoDatasetId,
  consolePage,
  pageErrors,
  incidentsPage: p,
}) => {
  const picked = await openOnAttackIncident(server, demoDatasetId, consolePage, p);
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
