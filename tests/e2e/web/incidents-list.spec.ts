/**
 * The Incidents list as a triage queue, on REAL CICIDS2017 flows (FTP-Patator, Thursday's
 * infiltration and XSS, and benign flows of the whole week, loaded through the API from the shared
 * sample): false positives are hidden by default, counted, and shown with one click; the most
 * serious incidents come first and the list sorts by size and time either way; every time carries
 * its day since the flows span five days; attack stages and techniques read as words. A rejected
 * step's feedback does not repeat "rejected".
 */
import type { Locator } from '@playwright/test';
import { ATTACK_TECHNIQUES } from '../../../src/shared/contract';
import { expect, test } from '../fixtures';
import { callApi } from '../support/api';
import { screenshotPath } from '../support/paths';
import { FTP_PATATOR, loadPaths, NEEDS_SAMPLE, sampleFiles } from '../support/realData';

/** FTP-Patator (Tuesday), two small Thursday attacks and benign flows from Monday to Friday. */
const FILES = [...FTP_PATATOR.files, 'Infiltration_36.csv', 'Web_Attack_-_XSS_18.csv'];

/** A day before a time, as the list ("Wed 5 Jul 15:56") and the detail ("… 15:56:07") write it. */
const DATED = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d\d:\d\d/;

/** An ATT&CK technique or tactic code. */
const CODE = /\bT[A]?\d{4}\b/;

/** One data attribute of every row, in the order shown. */
async function attrs(rows: Locator, name: string): Promise<string[]> {
  return rows.evaluateAll((els, n) => els.map((e) => e.getAttribute(n) ?? ''), name);
}

/** Whether numbers never go down (up = false: never go up). */
function monotone(xs: number[], up: boolean): boolean {
  return xs.every((x, i) => i === 0 || (up ? xs[i - 1]! <= x : xs[i - 1]! >= x));
}

test('real week: false positives hidden and counted, severity first, sorts by size and time, dated times, stages in words', async ({
  page,
  server,
  consolePage,
  incidentsPage: p,
}) => {
  const files = sampleFiles(FILES);
  test.skip(files === null, NEEDS_SAMPLE);
  const datasetId = await loadPaths(server, files!);
  const list = await callApi(server, 'incidents.list', { datasetId, gapMin: 10 });
  const attacks = list.filter((i) => !i.falsePositive);
  const falsePositives = list.length - attacks.length;
  expect(falsePositives, 'benign flows make false-positive incidents').toBeGreaterThan(0);
  expect(new Set(attacks.map((i) => i.severityRank)).size).toBeGreaterThan(1);
  const ftp = attacks.find(
    (i) => i.family === FTP_PATATOR.family && i.sources.includes(FTP_PATATOR.attacker),
  );
  expect(ftp, 'the FTP-Patator incident').toBeDefined();

  await consolePage.open(server.url);
  await consolePage.pickDataset(datasetId);
  await p.open();

  // False positives are hidden by default; the toggle says how many.
  const toggle = page.getByTestId('incidents-fp-toggle');
  await expect(p.rows).toHaveCount(attacks.length);
  expect(await attrs(p.rows, 'data-false-positive')).not.toContain('true');
  await expect(toggle).toHaveAttribute('data-hidden', String(falsePositives));
  await expect(toggle).toHaveText(`Show ${falsePositives.toLocaleString('en-US')} false positives`);
  await expect(page.getByTestId('incidents-total')).toHaveText(
    `${attacks.length.toLocaleString('en-US')} incidents`,
  );

  // Severity first: the most serious lead, the larger first within one family's rank.
  await expect(page.getByTestId('incidents-sort')).toHaveValue('severity');
  const ranks = (await attrs(p.rows, 'data-severity-rank')).map(Number);
  expect(monotone(ranks, true), `ranks ${ranks.join(' ')}`).toBe(true);
  expect(ranks[0]).toBe(Math.min(...attacks.map((i) => i.severityRank)));
  const levels = await attrs(p.rows, 'data-severity');
  await expect(p.rows.first().getByTestId('incident-severity')).toHaveText(levels[0]!);
  expect(levels).not.toContain('none');

  // Every time carries its day: the flows span Monday to Friday.
  await expect(p.list).toHaveAttribute('data-with-dates', 'true');
  for (const span of await p.rows.getByTestId('incident-span').allTextContents())
    expect(span).toMatch(DATED);

  // Attack stages in words, never codes; the FTP brute force is credential access.
  for (const t of await p.rows.getByTestId('incident-tactics').allTextContents())
    expect(t).not.toMatch(CODE);
  await expect(p.row(ftp!.id).getByTestId('incident-tactics')).toHaveText(ftp!.tactics.join(' → '));
  expect(ftp!.tactics).toContain('credential access');
  await p.select(ftp!.id);
  await expect(p.detail.getByTestId('incident-detail-tactics')).toHaveText(
    ftp!.tactics.join(' → '),
  );
  await expect(p.detail.getByTestId('incident-detail-span')).toHaveText(DATED);
  await expect(p.detail.getByTestId('incident-detail-severity')).toHaveText(ftp!.severity);
  await expect(p.timelineRows.first().getByTestId('timeline-time')).toHaveText(DATED);
  // The conjecture's techniques by ATT&CK's names, the code kept in the title.
  const detail = await callApi(server, 'incidents.get', { datasetId, incidentId: ftp!.id });
  const codes = detail!.conjecture!.tactics;
  expect(codes.length).toBeGreaterThan(0);
  const badges = p.conjecture.getByTestId('conjecture-tactics').locator('.badge');
  await expect(badges).toHaveText(
    codes.map((c) => {
      const t = ATTACK_TECHNIQUES[c];
      return t ? `${t.name} (${t.tactic})` : c;
    }),
  );
  for (const b of await badges.allTextContents()) expect(b).not.toMatch(CODE);
  await page.screenshot({ path: screenshotPath('web-13-incidents-triage') });

  // Size: the most alerts first, then the fewest first.
  await page.getByTestId('incidents-sort').selectOption('alerts');
  await expect
    .poll(async () => monotone((await attrs(p.rows, 'data-alerts')).map(Number), false))
    .toBe(true);
  expect(Number(await p.rows.first().getAttribute('data-alerts'))).toBe(
    Math.max(...attacks.map((i) => i.alerts)),
  );
  await page.getByTestId('incidents-sort-dir').click();
  await expect(page.getByTestId('incidents-sort-dir')).toHaveAttribute('data-desc', 'false');
  await expect
    .poll(async () => monotone((await attrs(p.rows, 'data-alerts')).map(Number), true))
    .toBe(true);

  // Time: the earliest first.
  await page.getByTestId('incidents-sort').selectOption('time');
  await page.getByTestId('incidents-sort-dir').click();
  await expect(page.getByTestId('incidents-sort-dir')).toHaveAttribute('data-desc', 'false');
  await expect
    .poll(async () => monotone((await attrs(p.rows, 'data-first-seen')).map(Date.parse), true))
    .toBe(true);

  // One click shows the false positives, last by severity; another hides them again.
  await page.getByTestId('incidents-sort').selectOption('severity');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(toggle).toHaveText('Hide false positives');
  await expect(p.rows).toHaveCount(list.length);
  const fp = await attrs(p.rows, 'data-false-positive');
  expect(fp.filter((x) => x === 'true')).toHaveLength(falsePositives);
  expect(fp.slice(attacks.length).every((x) => x === 'true')).toBe(true);
  await expect(p.rows.last().getByTestId('incident-severity')).toHaveText('none');
  await toggle.click();
  await expect(p.rows).toHaveCount(attacks.length);
});

test('one day of brute force: times without their day; a rejected step reads "rejected" once', async ({
  page,
  server,
  consolePage,
  incidentsPage: p,
}) => {
  // Tuesday's two brute forces, no benign flows: everything happened on one day.
  const files = sampleFiles(['FTP-Patator_3972.csv', 'SSH-Patator_2961.csv']);
  test.skip(files === null, NEEDS_SAMPLE);
  const datasetId = await loadPaths(server, files!);
  const list = await callApi(server, 'incidents.list', { datasetId, gapMin: 10 });
  let id: string | null = null;
  for (const i of list.filter((x) => !x.falsePositive)) {
    const d = await callApi(server, 'incidents.get', { datasetId, incidentId: i.id });
    if (d?.recommended) {
      id = i.id;
      break;
    }
  }
  expect(id, 'an attack incident with a recommended step').not.toBeNull();
  await consolePage.open(server.url);
  await consolePage.pickDataset(datasetId);
  await p.open();
  await p.select(id!);
  await p.reject('e2e: not this step');
  await expect(p.result).toContainText('Step 1 rejected: ');
  await expect(p.result).not.toContainText('rejected: rejected');
  await expect(p.history).toHaveCount(1);
  await expect(p.history.first()).toHaveAttribute('data-decision', 'reject');
  await expect(p.history.first().getByTestId('history-feedback')).toHaveText(/ not run$/);
  await expect(p.history.first()).not.toContainText(/rejected:\s*rejected/);
  // All of it on Tuesday: times need no day, in the list, the detail and the timeline.
  await expect(p.list).toHaveAttribute('data-with-dates', 'false');
  const clock = /^\d\d:\d\d:\d\d – \d\d:\d\d:\d\d \(/;
  for (const span of await p.rows.getByTestId('incident-span').allTextContents())
    expect(span).toMatch(clock);
  await expect(p.detail.getByTestId('incident-detail-span')).toHaveText(clock);
  await expect(p.timelineRows.first().getByTestId('timeline-time')).toHaveText(/^\d\d:\d\d:\d\d$/);
  // Decisions are made on the analyst's clock, so the history's time keeps its day.
  await expect(p.history.first()).toContainText(
    /(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} /,
  );
  await expect(page.getByTestId('incidents-fp-toggle')).toHaveAttribute('data-hidden', '0');
});
