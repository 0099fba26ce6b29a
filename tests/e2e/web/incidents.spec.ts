/**
 * The incident desk on REAL data: the FTP-Patator brute force of CICIDS2017 (loaded through the
 * API from the shared sample) shows its own entities (the attacker with its NAT alias), signals and
 * scored hypotheses; a collect-logs step is run and its evidence form answered against the leading
 * hypothesis, which revises the conjecture and the plan, and the history sets the prediction beside
 * the observation; a block of the attacker renders its nftables and Suricata text, which the
 * exported report carries, while the twin what-if stays in its SIMULATED section. On the seeded
 * demo dataset: decisions made through another client refresh the open view, keys drive it, and an
 * edit shows the core's error.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { IncidentDetail } from '../../../src/shared/contract';
import { expect, test } from '../fixtures';
import type { ConsolePage } from '../pages/ConsolePage';
import type { IncidentsPage } from '../pages/IncidentsPage';
import { callApi } from '../support/api';
import { pdfFacts } from '../support/pdf';
import { artifactPath, screenshotPath } from '../support/paths';
import { FTP_PATATOR, loadPaths, NEEDS_SAMPLE, sampleFiles } from '../support/realData';
import { SECOND_ANALYST, type ConsoleServer } from '../support/server';
import { browserOnly } from '../support/target';
import { expectPlanReport, expectTwinOnlySimulated, twinFree } from '../support/incidentReport';

/** The page's clipboard, as the copy check reads it back. */
interface ClipboardGlobals {
  navigator: { clipboard: { readText(): Promise<string> } };
}

/** Incidents looked at (through the API) to find one the agent has a proposal for. */
const CANDIDATES_TRIED = 40;

/** An open attack incident with a recommended first step. */
async function pickAttackIncident(
  server: ConsoleServer,
  datasetId: number,
): Promise<IncidentDetail> {
  const list = await callApi(server, 'incidents.list', { datasetId, gapMin: 10 });
  const open = list.filter((i) => !i.falsePositive && i.steps === 0);
  for (const i of open.slice(0, CANDIDATES_TRIED)) {
    const d = await callApi(server, 'incidents.get', { datasetId, incidentId: i.id });
    if (d?.recommended) return d;
  }
  throw new Error(`no open attack incident with a recommendation among ${open.length}`);
}

/** Open the console on a dataset's Incidents screen. */
async function openIncidents(
  server: ConsoleServer,
  datasetId: number,
  consolePage: ConsolePage,
  p: IncidentsPage,
): Promise<void> {
  await consolePage.open(server.url);
  await consolePage.pickDataset(datasetId);
  await p.open();
}

/** Every stage done before is still done. */
function keepsDone(before: boolean[], after: boolean[]): boolean {
  return before.every((b, i) => !b || after[i] === true);
}

/** Words of a `verb:target` key as the report writes them. */
const words = (k: string): string => k.replace(':', ' ');

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('real brute force: collect logs, answers against the leading hypothesis revise the plan; a block renders and exports its enforcement', async ({
  page,
  server,
  target,
  consolePage,
  incidentsPage: p,
}) => {
  const files = sampleFiles(FTP_PATATOR.files);
  test.skip(files === null, NEEDS_SAMPLE);
  const { attacker, victim } = FTP_PATATOR;
  const datasetId = await loadPaths(server, files!);
  const list = await callApi(server, 'incidents.list', { datasetId, gapMin: 10 });
  const found = list.find(
    (i) =>
      !i.falsePositive &&
      i.family === FTP_PATATOR.family &&
      i.sources.includes(attacker) &&
      i.targets.includes(victim),
  );
  expect(found, `a ${FTP_PATATOR.family} incident ${attacker} → ${victim}`).toBeDefined();
  const id = found!.id;
  const first = (await callApi(server, 'incidents.get', { datasetId, incidentId: id }))!;
  await openIncidents(server, datasetId, consolePage, p);

  // The list: the keyboard moves the selection; the incident's row carries its family and state.
  // The benign bursts are hidden until asked for; shown, the keyboard walks through them too.
  await page.getByTestId('incidents-fp-toggle').click();
  await p.rows.first().click();
  const firstId = (await p.rows.first().getAttribute('data-incident-id')) ?? '';
  await expect(p.detail).toHaveAttribute('data-incident-id', firstId);
  await p.list.press('ArrowDown');
  await expect(p.rows.nth(1)).toHaveAttribute('aria-selected', 'true');
  await expect(p.detail).not.toHaveAttribute('data-incident-id', firstId);
  await p.select(id);
  await expect(p.row(id)).toHaveAttribute('data-family', FTP_PATATOR.family);
  await expect(p.row(id)).toHaveAttribute('data-state', 'open');
  await expect(p.history).toHaveCount(0);

  // Its own entities: the attacker with every address it was seen as, the victim, its service.
  const host = (role: string, address: string) =>
    p.entityHosts.and(page.locator(`[data-role="${role}"][data-address="${address}"]`));
  const aliases = first.entities!.attackers[0]!.seenAs.filter((s) => s.via === 'alias');
  expect(aliases.length, 'the attacker is seen behind the lab NAT').toBeGreaterThan(0);
  for (const a of aliases)
    await expect(host('attacker', attacker)).toContainText(`seen as ${a.address} (NAT alias)`);
  await expect(host('victim', victim)).toBeVisible();
  await expect(p.page.getByTestId('entity-service').first()).toContainText(victim);
  for (const k of first.entities!.kinds)
    await expect(
      p.page.locator(`[data-testid="entity-kind"][data-signature="${k.signature}"]`),
    ).toHaveAttribute('data-techniques', k.techniques.join(' '));
  await expect(p.signals).toHaveCount(first.signals.length);
  await expect(p.hypotheses).toHaveCount(first.hypotheses.length);
  const leader = await p.leading();
  expect(leader).toBe(first.conjecture!.variant);
  await expect(p.hypotheses.and(page.locator(`[data-hypothesis="${leader}"]`))).toHaveAttribute(
    'data-leading',
    'true',
  );
  await expect(p.conjecture.getByTestId('conjecture-confidence')).toHaveText(/^\d{1,3}\.\d%$/);
  expect(await p.candidates.count()).toBeGreaterThanOrEqual(2);
  await expect(p.candidates.first().getByTestId('candidate-why')).not.toBeEmpty();
  await expect(p.candidates.first().getByTestId('candidate-prediction')).toContainText('predicts:');
  await expect(p.why).not.toBeEmpty();
  // The twin what-if is boxed apart, labelled SIMULATED; nothing else on the view names it.
  await expect(p.whatIf).toHaveAttribute('data-label', 'SIMULATED');
  await expect(p.whatIf.getByTestId('what-if-label')).toHaveText('SIMULATED');
  expect(twinFree(await p.detailTextOutsideWhatIf(), first.whatIf?.scenarioTitle)).toEqual([]);

  const logsKey = `collect-logs:${victim}`;
  const blockKey = `block-endpoint:${attacker}`;
  const ran: { step: number; key: string; decision: 'approve' | 'edit' }[] = [];

  /** Collect logs, then answer its form against the leading hypothesis. */
  const collectLogs = async (): Promise<void> => {
    const step = ran.length + 1;
    const lead = await p.leading();
    const stagesBefore = await p.stageBits();
    const decision = await p.runStep(logsKey, 'e2e: pull the FTP server auth logs');
    ran.push({ step, key: logsKey, decision });
    await expect(p.result).toContainText(
      `Step ${step} ${decision === 'approve' ? 'approved' : 'edited'} and run`,
    );
    expect(keepsDone(stagesBefore, await p.stageBits())).toBe(true);
    const form = p.form(step);
    await expect(form).toHaveAttribute('data-host', victim);
    await expect(p.historyStep(step)).toHaveAttribute('data-observation', 'pending');
    const questions = await p.questionIds(form);
    expect(questions).toEqual(expect.arrayContaining(['q-login-success', 'q-new-persistence']));

    // Contradict the step's prediction (the leader's expectation) on its first predicted
    // question; every other question of the form is answered "unknown".
    const planBefore = await p.recommendationText();
    const predicted = p
      .historyStep(step)
      .locator('[data-testid="history-answer"]:not([data-expected=""])');
    expect(await predicted.count(), 'the step predicts answers').toBeGreaterThan(0);
    const asked = (await predicted.first().getAttribute('data-question')) ?? '';
    const expected = (await predicted.first().getAttribute('data-expected')) as 'yes' | 'no';
    expect(await p.expectedAnswer(form, asked, lead), `the form's ${asked} under ${lead}`).toBe(
      expected,
    );
    const answer = expected === 'yes' ? 'no' : 'yes';
    await p.answerForm(
      form,
      Object.fromEntries(questions.map((q) => [q, q === asked ? answer : 'unknown'])),
      'e2e: accepted login from the attacker in the auth log',
    );
    await expect(p.formResult).toContainText(`Answers to step ${step} recorded`);
    await expect(p.formResult).toContainText('prediction was contradicted');
    await expect(p.form(step)).toHaveCount(0);

    // The conjecture and the plan change; the history shows prediction against observation.
    await expect(p.conjecture).not.toHaveAttribute('data-variant', lead);
    const next = await p.leading();
    await expect(p.hypotheses.and(page.locator(`[data-hypothesis="${lead}"]`))).toHaveAttribute(
      'data-leading',
      'false',
    );
    await expect.poll(() => p.recommendationText()).not.toBe(planBefore);
    await expect(p.why).toContainText(next);
    const entry = p.historyStep(step);
    await expect(entry).toHaveAttribute('data-observation', 'answers');
    await expect(entry).toHaveAttribute('data-mismatch', 'true');
    await expect(entry.getByTestId('history-verdict')).toContainText('prediction contradicted');
    await expect(entry.getByTestId('history-prediction')).toContainText(`${asked} ${expected}`);
    await expect(entry.getByTestId('history-observation')).toContainText(`${asked} ${answer}`);
    const row = entry.locator(`[data-testid="history-answer"][data-question="${asked}"]`);
    await expect(row).toHaveAttribute('data-mismatch', 'true');
    await expect(row).toHaveAttribute('data-expected', expected);
    await expect(row).toHaveAttribute('data-answer', answer);
  };

  /** Block the attacker; its enforcement is rendered for nftables and Suricata, with copy. */
  const block = async (): Promise<void> => {
    const step = ran.length + 1;
    const decision = await p.runStep(blockKey, 'e2e: block the attacker at the edge');
    ran.push({ step, key: blockKey, decision });
    await expect(p.result).toContainText(`Step ${step} `);
    const e = p.enforcement(step);
    await expect(e).toHaveAttribute('data-action', blockKey);
    const nft = p.rendering(e, 'nftables').getByTestId('enforcement-text');
    const suricata = p.rendering(e, 'suricata').getByTestId('enforcement-text');
    await expect(nft).toContainText(`ip saddr ${attacker} drop`);
    await expect(suricata).toHaveText(new RegExp(`^drop ip ${escapeRe(attacker)} `));
    await expect(p.historyStep(step).getByTestId('history-prediction')).toContainText(attacker);
    await browserOnly(target, 'copy the nftables text to the clipboard', async () => {
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await p.rendering(e, 'nftables').getByTestId('enforcement-copy').click();
      await expect(p.rendering(e, 'nftables').getByTestId('enforcement-copy')).toHaveText('Copied');
      const copied = await page.evaluate(() =>
        (globalThis as unknown as ClipboardGlobals).navigator.clipboard.readText(),
      );
      expect(copied).toBe(await nft.textContent());
    });
  };

  // Whichever the plan puts first; each is approved when recommended, else run through Edit.
  if ((await p.recommendedKey()) === blockKey) {
    await block();
    await collectLogs();
  } else {
    await collectLogs();
    await block();
  }
  await expect(p.history).toHaveCount(2);
  await expect(p.row(id)).toHaveAttribute('data-steps', '2');
  await page.screenshot({ path: screenshotPath('web-10-incident-view') });

  // One rejection: recorded with its note, and the plan recommends something else.
  const rejected = await p.recommendedKey();
  await p.reject('e2e: not on a production host');
  await expect(p.result).toContainText('Step 3 rejected');
  await expect(p.history).toHaveCount(3);
  await expect(p.history.nth(2)).toHaveAttribute('data-decision', 'reject');
  await expect(p.history.nth(2)).toContainText('e2e: not on a production host');
  if ((await p.abstain.count()) === 0) expect(await p.recommendedKey()).not.toBe(rejected);

  // The report: entities, the plan with prediction and observation, the enforcement texts, and
  // the twin only in its SIMULATED section.
  const me = (await callApi(server, 'app.info', {})).analyst;
  const now = (await callApi(server, 'incidents.get', { datasetId, incidentId: id }))!;
  const check = (md: string): void => {
    expect(md).toContain(`# Incident ${id}`);
    for (const a of aliases) expect(md).toContain(`seen as ${a.address}`);
    expectPlanReport(md, now, me);
    for (const r of ran) expect(md).toContain(`| ${r.decision} | ${me} | ${words(r.key)} |`);
    expect(md).toContain(`~~${words(rejected)}~~ (rejected)`);
    expect(md).toContain(`ip saddr ${attacker} drop`);
    expect(md).toMatch(new RegExp(`^drop ip ${escapeRe(attacker)} `, 'm'));
    expectTwinOnlySimulated(md, now.whatIf?.scenarioTitle);
  };
  await browserOnly(target, 'download the incident report', async () => {
    const download = page.waitForEvent('download');
    await p.exportButton.click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^incident-.+\.md$/);
    check(await readFile(await file.path(), 'utf8'));
    await expect(p.exportResult).toContainText(file.suggestedFilename());
  });
  check((await callApi(server, 'incidents.report', { datasetId, incidentId: id })).markdown);

  // The same report as a print view: the plan row by row, the enforcement, the what-if boxed.
  await p.printButton.click();
  await expect(p.printView).toHaveAttribute('data-incident-id', id);
  await expect(p.printView.locator('h1')).toHaveText(`Incident ${id}`);
  await expect(p.printPlanRows).toHaveCount(3);
  const logs = ran.find((r) => r.key === logsKey)!;
  expect(await p.cells(p.printPlanRows.nth(logs.step - 1))).toEqual(
    expect.arrayContaining([String(logs.step), logs.decision, me, words(logsKey), 'no: revised']),
  );
  await expect(p.printPlanRows.nth(2).locator('td').nth(3).locator('s')).toHaveText(
    words(rejected),
  );
  await expect(p.printSection('enforcement').locator('pre').first()).toBeVisible();
  await expect(p.printSection('enforcement')).toContainText(`ip saddr ${attacker} drop`);
  await expect(p.printSection('what-if')).toHaveAttribute('data-simulated', 'true');
  await expect(p.printSection('what-if').locator('blockquote')).toContainText('SIMULATED');
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
      expect.arrayContaining([
        `Incident ${id}`,
        'Summary',
        'Entities',
        'Executed plan: prediction and observation',
        'What-if (SIMULATED — not evidence)',
      ]),
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
  const picked = await pickAttackIncident(server, demoDatasetId);
  const id = picked.summary.id;
  await openIncidents(server, demoDatasetId, consolePage, p);
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
  const picked = await pickAttackIncident(server, demoDatasetId);
  const id = picked.summary.id;
  await openIncidents(server, demoDatasetId, consolePage, p);
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
  const rec = await p.recommendationText();
  await page.keyboard.press('a');
  await expect(p.result).toContainText('Step 1 approved and run');
  await expect(p.history).toHaveCount(1);
  await expect(p.history.first()).toHaveAttribute('data-decision', 'approve');
  await expect(p.history.first()).toContainText('a keyboard walk');
  expect(await p.recommendationText()).not.toBe(rec);
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
  const picked = await pickAttackIncident(server, demoDatasetId);
  await openIncidents(server, demoDatasetId, consolePage, p);
  await p.select(picked.summary.id);
  await p.editFree('no-such-verb', 'nowhere');
  await expect(p.decisionError).toContainText('unknown verb "no-such-verb"');
  await expect(p.result).toHaveCount(0);
  await expect(p.history).toHaveCount(0);
  // A valid verb on a host the incident does not have: the core refuses it.
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
