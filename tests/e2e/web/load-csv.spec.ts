/** The analyst's first run: load a CSV, watch it load, read the alerts, open the detector report. */
import { expect, test } from '../fixtures';
import { screenshotPath } from '../support/paths';
import { sampleCsv } from '../support/server';
import { browserOnly } from '../support/target';

test('load a CSV through the UI, browse alerts with confidence, open the detector report', async ({
  page,
  target,
  server,
  consolePage,
  dataPage,
  alertsPage,
  reportPage,
}) => {
  const csv = sampleCsv(server.dir);
  test.info().annotations.push({
    type: 'csv',
    description: `${csv.path}${csv.real ? ' (real CICIDS2017 sample)' : ' (generated demo)'}`,
  });

  await consolePage.open(server.url);
  await browserOnly(target, 'the token leaves the address bar', async () => {
    // The token moved to sessionStorage (the app's window talks IPC and has no token).
    expect(page.url()).not.toContain('token=');
  });
  await consolePage.nav('data');

  await dataPage.loadCsv(csv.path);
  await dataPage.waitForJobDone();
  await expect(page.getByTestId('rows-stored')).not.toHaveText('0');
  await page.screenshot({ path: screenshotPath('web-01-csv-loaded'), fullPage: true });

  await dataPage.viewAlerts();
  const total = await alertsPage.waitForRows();
  expect(total).toBeGreaterThan(0);

  const first = alertsPage.rows.first();
  await expect(first.getByTestId('predicted-class')).not.toBeEmpty();
  const confidence = first.getByTestId('confidence');
  await expect(confidence).toHaveText(/^[01]\.\d{3}$/);
  const mean = Number(await confidence.textContent());
  const interval = first.getByTestId('confidence-interval');
  await expect(interval).toBeVisible();
  const lo = Number(await interval.getAttribute('data-lo'));
  const hi = Number(await interval.getAttribute('data-hi'));
  expect(lo).toBeLessThanOrEqual(mean + 5e-4);
  expect(hi).toBeGreaterThanOrEqual(mean - 5e-4);
  expect(hi).toBeLessThanOrEqual(1);

  await first.click();
  await expect(alertsPage.signatureDetail).toBeVisible();
  await expect(page.getByTestId('signature-n')).toHaveText(/^[\d,]+$/);
  await page.screenshot({ path: screenshotPath('web-02-alerts'), fullPage: true });

  await alertsPage.openReport();
  await expect(reportPage.report).toBeVisible();
  await expect(reportPage.perClass).toBeVisible();
  const classes = await reportPage.classRows.count();
  expect(classes).toBeGreaterThan(1);
  await expect(reportPage.confusion).toBeVisible();
  await expect(reportPage.confusionCells).toHaveCount(classes * classes);
  await expect(reportPage.macroF1).toHaveText(/^\d+\.\d{2}%$/);
  await expect(reportPage.accuracy).toHaveText(/^\d+\.\d{2}%$/);
  await page.screenshot({ path: screenshotPath('web-03-detector-report'), fullPage: true });
});
