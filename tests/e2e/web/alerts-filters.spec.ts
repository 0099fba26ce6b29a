/**
 * The alert queue's filters on the seeded demo dataset: confidence range, recommended action,
 * free-text search, sorting by action and probability from the headers, Clear filters, the view
 * grouped by signature, and filters carried in from the Graph screen and the detail's graph. Every
 * total the UI shows is checked against alerts.query with the same filter.
 */
import type { RequestArgs } from '../../../src/shared/contract';
import { expect, test } from '../fixtures';
import type { AlertsPage } from '../pages/AlertsPage';
import type { ConsolePage } from '../pages/ConsolePage';
import { callApi } from '../support/api';
import type { ConsoleServer } from '../support/server';
import { screenshotPath } from '../support/paths';

/** Alerts compared in order against alerts.query when checking a sort. */
const SORT_CHECK_ROWS = 15;

/** Open the console on the demo dataset's (unfiltered) alerts; returns their total. */
async function openAlerts(
  url: string,
  datasetId: number,
  consolePage: ConsolePage,
  alertsPage: AlertsPage,
): Promise<number> {
  await consolePage.open(url);
  await consolePage.pickDataset(datasetId);
  await consolePage.nav('alerts');
  return alertsPage.waitForRows();
}

/** alerts.query's total for a filter of the demo dataset. */
async function totalOf(
  server: ConsoleServer,
  args: Omit<RequestArgs<'alerts.query'>, 'limit'>,
): Promise<number> {
  return (await callApi(server, 'alerts.query', { ...args, limit: 1 })).total;
}

test('a confidence range keeps only alerts inside it and matches alerts.query', async ({
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  const all = await openAlerts(server.url, demoDatasetId, consolePage, alertsPage);
  const [min, max] = [0.99, 0.9995];
  const expected = await totalOf(server, {
    datasetId: demoDatasetId,
    minConfidence: min,
    maxConfidence: max,
  });
  expect(expected, 'the range cuts the demo queue').toBeGreaterThan(0);
  expect(expected).toBeLessThan(all);

  await alertsPage.setConfidence(String(min), String(max));
  expect(await alertsPage.waitForTotal(expected)).toBeGreaterThan(0);
  const means = (await alertsPage.rowValues('mean', 'confidence')).map(Number);
  expect(means.length).toBeGreaterThan(0);
  for (const m of means) {
    expect(m).toBeGreaterThanOrEqual(min);
    expect(m).toBeLessThanOrEqual(max);
  }

  // Only a lower bound: the upper one is open.
  await alertsPage.maxConfidence.fill('');
  await alertsPage.waitForTotal(
    await totalOf(server, { datasetId: demoDatasetId, minConfidence: min }),
  );

  // A minimum above the maximum is refused, and the rows stay as they were.
  await alertsPage.setConfidence('0.9', '0.2');
  await expect(alertsPage.confidenceError).toHaveText('minimum is above maximum');
  await expect(alertsPage.minConfidence).toHaveAttribute('aria-invalid', 'true');

  await alertsPage.clearFiltersButton.click();
  await alertsPage.waitForTotal(all);
  await expect(alertsPage.minConfidence).toHaveValue('');
  await expect(alertsPage.maxConfidence).toHaveValue('');
  await expect(alertsPage.confidenceError).toHaveCount(0);
  await expect(alertsPage.clearFiltersButton).toBeDisabled();
});

test('the action filter and the action / probability header sorts agree with alerts.query', async ({
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  const all = await openAlerts(server.url, demoDatasetId, consolePage, alertsPage);
  const info = await callApi(server, 'app.info', {});
  // The catalogue action recommended for the alert that sorts last by action.
  const last = await callApi(server, 'alerts.query', {
    datasetId: demoDatasetId,
    sort: 'action',
    desc: true,
    limit: 1,
  });
  const action = last.rows[0]?.recommendation?.action;
  if (action === undefined) throw new Error('the demo alerts have no recommendations');
  const attackId = info.actions[action]?.id ?? '';
  const label = `${attackId} ${info.actions[action]?.name ?? ''}`;

  // The picker lists every catalogue action as "ATT&CK ID name".
  const labels = await alertsPage.actionFilter.locator('option').allTextContents();
  expect(labels).toContain(label);
  expect(labels).toHaveLength(info.actions.length + 1);

  await alertsPage.actionFilter.selectOption(String(action));
  const expected = await totalOf(server, { datasetId: demoDatasetId, action });
  expect(expected).toBeLessThan(all);
  await alertsPage.waitForTotal(expected);
  expect(new Set(await alertsPage.rowValues('action-id', 'recommended'))).toEqual(
    new Set([attackId]),
  );
  await alertsPage.actionFilter.selectOption('');
  await alertsPage.waitForTotal(all);

  // Header sorts: the first rows are alerts.query's first rows in the same order.
  const firstIds = async (sort: 'action' | 'probability', desc: boolean): Promise<number[]> =>
    (
      await callApi(server, 'alerts.query', {
        datasetId: demoDatasetId,
        sort,
        desc,
        limit: SORT_CHECK_ROWS,
      })
    ).rows.map((r) => r.id);
  const probabilityDesc = await firstIds('probability', true);
  await alertsPage.sortBy('probability');
  await expect(alertsPage.table.getByTestId('sort-probability')).toContainText('▼');
  await expect(alertsPage.row(0)).toHaveAttribute('data-alert-id', String(probabilityDesc[0]));
  expect((await alertsPage.renderedIds()).slice(0, SORT_CHECK_ROWS)).toEqual(probabilityDesc);
  const probs = (await alertsPage.rows.getByTestId('recommended-prob').allInnerTexts())
    .slice(0, SORT_CHECK_ROWS)
    .map((t) => Number.parseFloat(t));
  for (let i = 1; i < probs.length; i++) expect(probs[i]).toBeLessThanOrEqual(probs[i - 1] ?? 100);

  const actionAsc = await firstIds('action', false);
  await alertsPage.sortBy('action');
  await expect(alertsPage.table.getByTestId('sort-action')).toContainText('▲');
  await expect(alertsPage.row(0)).toHaveAttribute('data-alert-id', String(actionAsc[0]));
  expect((await alertsPage.renderedIds()).slice(0, SORT_CHECK_ROWS)).toEqual(actionAsc);
  await expect(alertsPage.page.getByTestId('alerts-sort')).toHaveValue('action');
});

test('a text search for the first row’s source IP finds its alerts', async ({
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  const all = await openAlerts(server.url, demoDatasetId, consolePage, alertsPage);
  const flow = await alertsPage.row(0).getByTestId('alert-flow').innerText();
  const ip = /^(\d{1,3}(?:\.\d{1,3}){3})/.exec(flow)?.[1];
  if (!ip) throw new Error(`no IPv4 source in the first row: ${flow}`);
  const expected = await totalOf(server, { datasetId: demoDatasetId, text: ip });
  expect(expected).toBeGreaterThan(0);
  expect(expected).toBeLessThan(all);

  await alertsPage.searchFor(ip);
  await alertsPage.waitForTotal(expected);
  const flows = await alertsPage.rows.getByTestId('alert-flow').allInnerTexts();
  const sigs = await alertsPage.rows.locator('.col-sig').allInnerTexts();
  flows.forEach((f, i) => expect(`${f} ${sigs[i] ?? ''}`).toContain(ip));

  // Escape clears the search at once.
  await alertsPage.search.press('Escape');
  await alertsPage.waitForTotal(all);
  await expect(alertsPage.search).toHaveValue('');
});

test('the queue: its groups cover the source, and a group expands to its flows', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  const all = await openAlerts(server.url, demoDatasetId, consolePage, alertsPage);
  const api = await callApi(server, 'alerts.queue', {
    datasetId: demoDatasetId,
    hideBenign: false,
    limit: 1000,
  });
  expect(api.alerts).toBe(all);

  await alertsPage.showQueue();
  await expect(alertsPage.screen).toHaveAttribute('data-view', 'queue');
  await alertsPage.showBenign.check();
  await expect(alertsPage.queueTotal).toHaveAttribute('data-total', String(api.total));
  const groups = await alertsPage.groupValues();
  expect(groups.map((g) => g.key)).toEqual(api.rows.slice(0, groups.length).map((g) => g.key));
  await expect(alertsPage.groupRows.first().getByTestId('group-action')).toHaveAttribute(
    'data-action-id',
    /^(M\d{4}|NONE)$/,
  );
  await page.screenshot({ path: screenshotPath('web-alerts-queue') });

  // ↓ ↓ Enter on the list: the third group's flows, filtered to its signature and endpoints.
  const picked = groups[2]!;
  await alertsPage.page.getByTestId('queue-scroll').focus();
  await alertsPage.page.getByTestId('queue-scroll').press('ArrowDown');
  await alertsPage.page.getByTestId('queue-scroll').press('ArrowDown');
  await expect(alertsPage.groupRows.nth(2)).toHaveAttribute('aria-selected', 'true');
  await alertsPage.page.getByTestId('queue-scroll').press('Enter');
  await expect(alertsPage.screen).toHaveAttribute('data-view', 'flows');
  await expect(alertsPage.signatureChip).toHaveAttribute(
    'data-signature-id',
    String(picked.signatureId),
  );
  await alertsPage.waitForTotal(picked.alerts);
  expect(new Set(await alertsPage.rowValues('signature-id'))).toEqual(
    new Set([String(picked.signatureId)]),
  );
  await expect(alertsPage.scroller).toBeFocused();

  // The class filter narrows the queue to that class's groups.
  await alertsPage.clearFiltersButton.click();
  await alertsPage.sourceFilter.selectOption(String(demoDatasetId));
  await alertsPage.showQueue();
  const cls = api.rows[0]!.predictedClass;
  await alertsPage.classFilter.selectOption(cls);
  const ofClass = await callApi(server, 'alerts.queue', {
    datasetId: demoDatasetId,
    hideBenign: false,
    predictedClass: cls,
    limit: 1,
  });
  await expect(alertsPage.queueTotal).toHaveAttribute('data-total', String(ofClass.total));
  expect(ofClass.alerts).toBe(
    await totalOf(server, { datasetId: demoDatasetId, predictedClass: cls }),
  );
});

test('from the Graph screen, "Open in Alerts" carries the class or signature filter', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
  kgPage,
}) => {
  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await kgPage.open();
  await kgPage.waitForLayout();

  // A type node filters the graph's queue by the predicted class…
  const predicted = 'DoS';
  await kgPage.clickNode(`type:${predicted}`);
  await expect(kgPage.queue).toHaveAttribute('data-filter', `class:${predicted}`);
  // …and "Open in Alerts" shows the full queue with that filter.
  await page.getByTestId('kg-open-in-alerts').click();
  await expect(alertsPage.screen).toBeVisible();
  await expect(page.getByTestId('nav-alerts')).toHaveClass(/active/);
  await expect(alertsPage.classFilter).toHaveValue(predicted);
  await alertsPage.waitForTotal(
    await totalOf(server, { datasetId: demoDatasetId, predictedClass: predicted }),
  );
  expect(new Set(await alertsPage.rows.getByTestId('predicted-class').allInnerTexts())).toEqual(
    new Set([predicted]),
  );

  // A signature node: the graph's queue, then the Alerts screen, filter by that signature.
  await kgPage.open();
  await kgPage.waitForLayout();
  await kgPage.queueRows.first().click();
  const signatureId = Number(await kgPage.queueRows.first().getAttribute('data-signature-id'));
  const hood = await callApi(server, 'kg.graph', { signatureId });
  const node = hood.nodes.find((n) => n.kind === 'signature' && n.signatureId === signatureId);
  if (!node) throw new Error(`signature ${signatureId} is not in its own neighbourhood`);
  await expect(kgPage.view).toHaveAttribute('data-mode', 'neighbourhood');
  await kgPage.waitForLayout(hood.nodes.length);
  await kgPage.clickNode(node.key);
  await expect(kgPage.queue).toHaveAttribute('data-filter', `signature:${signatureId}`);
  await page.getByTestId('kg-open-in-alerts').click();
  await expect(alertsPage.signatureChip).toHaveAttribute('data-signature-id', String(signatureId));
  // The carried filter replaces the earlier one: no class filter is left over.
  await expect(alertsPage.classFilter).toHaveValue('');
  await alertsPage.waitForTotal(await totalOf(server, { datasetId: demoDatasetId, signatureId }));
  expect(new Set(await alertsPage.rowValues('signature-id'))).toEqual(
    new Set([String(signatureId)]),
  );

  // A header tab opens the Alerts screen afresh, without the carried filter.
  await consolePage.nav('data');
  await consolePage.nav('alerts');
  await expect(alertsPage.signatureChip).toHaveCount(0);
});

test('the alert detail shows the signature’s graph; a node click filters the queue', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
  kgPage,
}) => {
  await openAlerts(server.url, demoDatasetId, consolePage, alertsPage);
  const row = alertsPage.row(0);
  const signatureId = Number(await row.getAttribute('data-signature-id'));
  await alertsPage.open(row);

  await expect(alertsPage.detailGraph).toHaveAttribute('data-open', 'true');
  await expect(alertsPage.detailGraph.getByTestId('kg-view')).toHaveAttribute(
    'data-signature-id',
    String(signatureId),
  );
  const hood = await callApi(server, 'kg.graph', { signatureId });
  await kgPage.waitForLayout(hood.nodes.length);
  await alertsPage.detailGraph.scrollIntoViewIfNeeded();
  await page.screenshot({ path: screenshotPath('web-alerts-detail-graph') });

  // Collapsing removes the canvas; the choice holds for the next alert.
  await page.getByTestId('detail-graph-toggle').click();
  await expect(alertsPage.detailGraph).toHaveAttribute('data-open', 'false');
  await expect(kgPage.canvas).toHaveCount(0);
  await alertsPage.open(alertsPage.row(1));
  await expect(alertsPage.detailGraph).toHaveAttribute('data-open', 'false');
  await page.getByTestId('detail-graph-toggle').click();
  await alertsPage.open(row);
  await kgPage.waitForLayout(hood.nodes.length);

  // The signature's node filters the queue by it.
  const node = hood.nodes.find((n) => n.kind === 'signature' && n.signatureId === signatureId);
  if (!node) throw new Error(`signature ${signatureId} is not in its own neighbourhood`);
  await alertsPage.detailGraph.scrollIntoViewIfNeeded();
  await kgPage.clickNode(node.key);
  await expect(alertsPage.signatureChip).toHaveAttribute('data-signature-id', String(signatureId));
  await alertsPage.waitForTotal(await totalOf(server, { datasetId: demoDatasetId, signatureId }));
});
