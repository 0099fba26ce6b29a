/**
 * Exports and automation on the seeded demo dataset: this dataset's decisions and the audit log
 * downloaded from the Alerts toolbar's Export menu, and a per-class auto-approve threshold saved on
 * the Model screen. Decisions here use FTP-Patator, a class the decisions spec leaves alone.
 */
import { readFile } from 'node:fs/promises';
import { expect, test } from '../fixtures';
import { callApi } from '../support/api';

/** The fields of one CSV line (RFC 4180 quoting, as the export writes it). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const raw = m[1] ?? '';
    fields.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (m[2] === '') break;
  }
  return fields;
}

test.afterEach(async ({ server }) => {
  // The worker's host outlives this file: leave auto-approve off for the specs that follow.
  await callApi(server, 'autoApprove.set', { thresholds: {} });
});

test('an approved alert is in the downloaded decisions CSV and the audit log JSON', async ({
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
  exportMenu,
}) => {
  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await consolePage.nav('alerts');
  await alertsPage.classFilter.selectOption('FTP-Patator');
  await alertsPage.waitForRows();
  const id = await alertsPage.open(alertsPage.firstPending());
  await alertsPage.detail.approve('e2e: exported');
  await expect(alertsPage.rowOf(id)).toHaveAttribute('data-status', 'approved');

  const csv = await exportMenu.exportFile('decisions-csv');
  await expect(exportMenu.result).toHaveText(/^Wrote [\d,]+ rows? to .+decisions-ds\d+-.+\.csv$/);
  const csvRows = await exportMenu.rows();
  expect(csvRows).toBeGreaterThanOrEqual(1);
  expect(csv.name).toMatch(new RegExp(`^decisions-ds${demoDatasetId}-.+\\.csv$`));
  const [header = '', ...lines] = (await readFile(csv.path, 'utf8')).trimEnd().split('\n');
  const columns = header.split(',');
  expect(columns).toEqual(expect.arrayContaining(['recommended_action_id', 'decided_action_id']));
  expect(columns).not.toContain('recommended');
  expect(lines).toHaveLength(csvRows);
  const mine = lines.map(csvFields).filter((f) => f[columns.indexOf('alert_id')] === String(id));
  expect(mine).toHaveLength(1);
  expect(mine[0]?.[columns.indexOf('kind')]).toBe('approve');
  expect(mine[0]?.[columns.indexOf('note')]).toBe('e2e: exported');
  expect(mine[0]?.[columns.indexOf('recommended_action_id')]).toMatch(/^(M\d{4}|NONE)$/);
  expect(mine[0]?.[columns.indexOf('overridden')]).toBe('false');
  await expect(exportMenu.error).toHaveCount(0);

  const json = await exportMenu.exportFile('audit-json');
  await expect(exportMenu.result).toHaveText(/^Wrote [\d,]+ rows? to .+audit-.+\.json$/);
  expect(json.name).toMatch(/^audit-.+\.json$/);
  const audit = JSON.parse(await readFile(json.path, 'utf8')) as unknown;
  expect(Array.isArray(audit)).toBe(true);
  expect(audit).toHaveLength(await exportMenu.rows());
  expect(audit).toContainEqual(
    expect.objectContaining({ action: 'alert.approve', subject: `alert:${id}` }),
  );
  await expect(exportMenu.error).toHaveCount(0);
});

test('a DDoS auto-approve threshold is refused when invalid, persists, and turns off as null', async ({
  page,
  server,
  consolePage,
  automationPanel,
}) => {
  const openModel = async (): Promise<void> => {
    await expect(consolePage.ready).toBeAttached();
    await consolePage.nav('model');
    await automationPanel.waitLoaded();
  };
  const saved = async (): Promise<Record<string, number | null>> =>
    (await callApi(server, 'autoApprove.get', {})).thresholds;

  await consolePage.open(server.url);
  await openModel();
  await expect(automationPanel.note).toContainText('Off by default');
  await expect(automationPanel.note).toContainText(
    'automatic approvals are logged as automatic and do not train the system',
  );
  // Every class app.info lists has a row, and each starts off.
  const { classes } = await callApi(server, 'app.info', {});
  for (const c of classes) {
    await expect(automationPanel.row(c)).toHaveAttribute('data-on', 'false');
    await expect(automationPanel.thresholdOf(c)).toBeDisabled();
  }

  // Out of range: refused in the form, nothing sent.
  await automationPanel.setThreshold('DDoS', '0.3');
  await expect(automationPanel.rowErrorOf('DDoS')).toContainText('outside 0.50–1.00');
  await automationPanel.saveButton.click();
  await expect(automationPanel.refused).toContainText('DDoS');
  expect((await saved())['DDoS'] ?? null).toBeNull();

  await automationPanel.thresholdOf('DDoS').fill('0.99');
  await expect(automationPanel.rowErrorOf('DDoS')).toHaveCount(0);
  await automationPanel.save();
  expect(await saved()).toMatchObject({ DDoS: 0.99 });

  await page.reload();
  await openModel();
  await expect(automationPanel.switchOf('DDoS')).toBeChecked();
  await expect(automationPanel.thresholdOf('DDoS')).toHaveValue('0.99');
  await expect(automationPanel.row('DoS')).toHaveAttribute('data-on', 'false');

  await automationPanel.turnOff('DDoS');
  await automationPanel.save();
  const off = await saved();
  expect(off).toHaveProperty('DDoS');
  expect(off['DDoS']).toBeNull();

  await page.reload();
  await openModel();
  await expect(automationPanel.switchOf('DDoS')).not.toBeChecked();
  await expect(automationPanel.row('DDoS')).toHaveAttribute('data-on', 'false');
});
