/**
 * The analyst's decisions on a seeded demo dataset with a trained policy: read an alert's
 * recommendation and evidence, approve one, override one as a false positive, bulk-approve three.
 * Each test works on its own class, so they do not see each other's decisions.
 */
import { expect, test } from '../fixtures';
import type { AlertsPage } from '../pages/AlertsPage';
import type { ConsolePage } from '../pages/ConsolePage';
import { callApi } from '../support/api';
import { SECOND_ANALYST } from '../support/server';
import { screenshotPath } from '../support/paths';

/** An ATT&CK mitigation ID (the catalogue's No Action is NONE). */
const ATTACK_ID = /^M\d{4}$/;

/** Open the console on the demo dataset's alerts of one predicted class. */
async function openAlerts(
  url: string,
  datasetId: number,
  cls: string,
  consolePage: ConsolePage,
  alertsPage: AlertsPage,
): Promise<void> {
  await consolePage.open(url);
  await consolePage.pickDataset(datasetId);
  await consolePage.nav('alerts');
  await alertsPage.classFilter.selectOption(cls);
  await alertsPage.waitForRows();
}

test('an alert shows its recommended ATT&CK action, the KG advisor and the KG evidence', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  await openAlerts(server.url, demoDatasetId, 'DoS', consolePage, alertsPage);
  const first = alertsPage.rows.first();
  // The row's own columns: recommended action with its probability, advisor label, status.
  await expect(first.getByTestId('recommended')).toHaveAttribute('data-action-id', ATTACK_ID);
  await expect(first.getByTestId('recommended-prob')).toHaveText(/^\d{1,3}\.\d%$/);
  await expect(first.getByTestId('advisor')).toContainText('KG');
  await expect(first.getByTestId('alert-status')).toHaveAttribute('data-status', /\w+/);

  const id = await alertsPage.open(first);
  const d = alertsPage.detail;
  await expect(d.recommended).toHaveAttribute('data-action-id', ATTACK_ID);
  const actionId = await d.recommended.getAttribute('data-action-id');
  await expect(d.recommended).toContainText(actionId ?? '');
  await expect(d.recommendedProb).toHaveText(/^\d{1,3}\.\d%$/);
  await expect(d.advisor).toHaveAttribute('data-advisor', 'kg');
  await expect(d.advisorLabel).toHaveText('KG');
  await expect(d.advisor).toContainText(/reward [+−]\d+\.\d{2}/);
  await expect(d.evidenceRecords.first()).toBeVisible();
  expect(await d.evidenceRecords.count()).toBeGreaterThanOrEqual(1);
  await expect(d.policyBars.first()).toHaveAttribute('data-action-id', actionId ?? '');
  await expect(d.versions).toContainText(
    /detector #\d+ · policy #\d+ \(.+\) · KG v\d+ · advisor KG/,
  );
  await expect(page.getByTestId('signature-n')).toHaveText(/^[\d,]+$/);
  await expect(page.getByTestId('signature-interval')).toHaveText(/95%: [01]\.\d{3} – [01]\.\d{3}/);
  await page.screenshot({ path: screenshotPath('web-05-alert-detail') });

  // The keyboard moves the detail to the next alert.
  await alertsPage.scroller.press('ArrowDown');
  await expect(alertsPage.signatureDetail).not.toHaveAttribute('data-alert-id', String(id));
  await expect(alertsPage.row(1)).toHaveAttribute('aria-selected', 'true');
});

test('approving an alert marks it approved and records the decision with its note', async ({
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  await openAlerts(server.url, demoDatasetId, 'DoS', consolePage, alertsPage);
  const id = await alertsPage.open(alertsPage.firstPending());
  const d = alertsPage.detail;
  await expect(d.status).toHaveAttribute('data-status', 'pending');
  await expect(d.decisions).toHaveCount(0);
  const actionId = (await d.recommended.getAttribute('data-action-id')) ?? '';

  await d.approve('e2e: blocked at the edge');
  // The cursor moves on to the next pending alert; the status line says what was decided.
  await expect(alertsPage.lastDecision).toContainText(`Alert #${id}: Approved ${actionId}`);
  await expect(alertsPage.signatureDetail).not.toHaveAttribute('data-alert-id', String(id));
  await expect(d.status).toHaveAttribute('data-status', 'pending');
  await expect(alertsPage.rowOf(id)).toHaveAttribute('data-status', 'approved');
  await alertsPage.open(alertsPage.rowOf(id));
  await expect(d.status).toHaveAttribute('data-status', 'approved');
  await expect(d.decisions).toHaveCount(1);
  await expect(d.decisions.first()).toHaveAttribute('data-kind', 'approve');
  await expect(d.decisions.first()).toHaveAttribute('data-action-id', actionId);
  await expect(d.decisions.first()).toContainText('e2e: blocked at the edge');
});

test('overriding with another action as a false positive marks it overridden', async ({
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  await openAlerts(server.url, demoDatasetId, 'DDoS', consolePage, alertsPage);
  const id = await alertsPage.open(alertsPage.firstPending());
  const d = alertsPage.detail;
  const recommended = (await d.recommended.getAttribute('data-action-id')) ?? '';
  expect(recommended).toMatch(ATTACK_ID);

  await d.openOverride();
  await expect(d.overrideAction).toBeFocused();
  const options = await d.overrideOptions();
  // The predicted class's ranked list comes first, numbered; then every other action.
  expect(options[0]?.label).toMatch(/^1\. M\d{4} /);
  expect(options.length).toBe(15);
  const other = options.find((o) => !o.label.includes(recommended));
  if (!other) throw new Error(`no action other than ${recommended} offered`);
  const otherId = /(M\d{4}|NONE)/.exec(other.label)?.[1] ?? '';

  await d.submitOverride({ action: other.index, disposition: 'fp', note: 'e2e: scanner test' });
  await expect(alertsPage.lastDecision).toContainText(`Alert #${id}: Overridden with ${otherId}`);
  await expect(alertsPage.rowOf(id)).toHaveAttribute('data-status', 'overridden');
  await alertsPage.open(alertsPage.rowOf(id));
  await expect(d.status).toHaveAttribute('data-status', 'overridden');
  await expect(d.decisions).toHaveCount(1);
  const entry = d.decisions.first();
  await expect(entry).toHaveAttribute('data-kind', 'override');
  await expect(entry).toHaveAttribute('data-action-id', otherId);
  await expect(entry).toContainText(otherId);
  await expect(entry).toContainText(`instead of ${recommended}`);
  await expect(entry).toContainText('false positive (Benign)');
});

test('three ticked alerts are approved together with one note', async ({
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  await openAlerts(server.url, demoDatasetId, 'PortScan', consolePage, alertsPage);
  const rows = [alertsPage.row(0), alertsPage.row(1), alertsPage.row(2)];
  const ids: number[] = [];
  for (const r of rows) {
    await expect(r).toHaveAttribute('data-status', 'pending');
    ids.push(await alertsPage.alertId(r));
  }
  // Tick the first, Shift-tick the third: the range takes the one between.
  await alertsPage.tick(rows[0]!);
  await alertsPage.tick(rows[2]!, { shift: true });
  await expect(alertsPage.bulkCount).toHaveText('3 selected');
  for (const r of rows) await expect(r.getByTestId('alert-check')).toBeChecked();

  await alertsPage.bulkApprove('e2e: sweep from one scanner');
  await expect(alertsPage.bulkResult).toHaveText('✓ Approved 3 alerts');
  await expect(alertsPage.bulkCount).toHaveCount(0);
  for (const id of ids)
    await expect(alertsPage.rowOf(id)).toHaveAttribute('data-status', 'approved');
  await expect(alertsPage.row(3)).toHaveAttribute('data-status', 'pending');

  await alertsPage.open(rows[1]!);
  await expect(alertsPage.detail.decisions).toHaveCount(1);
  await expect(alertsPage.detail.decisions.first()).toContainText('e2e: sweep from one scanner');
});

test('the keyboard ticks rows and approves the selected alert', async ({
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  await openAlerts(server.url, demoDatasetId, 'Web', consolePage, alertsPage);
  const row = alertsPage.firstPending();
  const id = await alertsPage.open(row);
  const selected = alertsPage.rowOf(id);
  await expect(alertsPage.detail.approveButton).toBeEnabled();
  await alertsPage.scroller.press('Space');
  await expect(selected.getByTestId('alert-check')).toBeChecked();
  await expect(alertsPage.bulkCount).toHaveText('1 selected');
  await alertsPage.scroller.press('Space');
  await expect(alertsPage.bulkCount).toHaveCount(0);
  // O opens the override form with the action picker focused; Escape closes it again.
  await alertsPage.scroller.press('o');
  await expect(alertsPage.detail.overrideAction).toBeFocused();
  await alertsPage.page.keyboard.press('Escape');
  await expect(alertsPage.detail.overrideAction).toHaveCount(0);
  // A approves the selected alert, and the cursor moves on to the next pending one.
  await alertsPage.scroller.press('a');
  await expect(alertsPage.lastDecision).toContainText(`Alert #${id}: Approved`);
  await expect(selected).toHaveAttribute('data-status', 'approved');
  await expect(alertsPage.signatureDetail).not.toHaveAttribute('data-alert-id', String(id));
});

test('a decision made elsewhere refreshes the open table and detail (alerts.changed)', async ({
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  await openAlerts(server.url, demoDatasetId, 'SSH-Patator', consolePage, alertsPage);
  const id = await alertsPage.open(alertsPage.firstPending());
  await expect(alertsPage.detail.decisions).toHaveCount(0);
  // Another analyst (another window, the CLI) approves the alert shown here.
  // The host records it as the analyst whose token it carried.
  await callApi(
    server,
    'alerts.decide',
    { alertIds: [id], decision: 'approve', note: 'from the other console' },
    SECOND_ANALYST,
  );
  await expect(alertsPage.rowOf(id)).toHaveAttribute('data-status', 'approved');
  await expect(alertsPage.detail.status).toHaveAttribute('data-status', 'approved');
  await expect(alertsPage.detail.decisions).toHaveCount(1);
  await expect(alertsPage.detail.decisions.first()).toContainText(SECOND_ANALYST);
});
