/**
 * The alerts table at scale: 100k demo alerts stay virtualised (a bounded number of rows in the
 * DOM), page in while scrolling, follow the keyboard, filter and sort.
 */
import { expect, test } from '../fixtures';
import { screenshotPath } from '../support/paths';

/** Rows in the DOM must not grow with the dataset (viewport / 28 px plus overscan, about 50). */
const MAX_RENDERED_ROWS = 80;

test('a 100k-alert table stays virtualised, scrolls to the end, follows the keyboard, filters and sorts', async ({
  page,
  server,
  consolePage,
  dataPage,
  alertsPage,
}) => {
  await consolePage.open(server.url);
  await consolePage.nav('data');
  await page.getByTestId('demo-rows').selectOption('100000');
  await dataPage.loadDemo();
  await dataPage.waitForJobDone();
  await dataPage.viewAlerts();

  const total = await alertsPage.waitForRows();
  expect(total).toBeGreaterThanOrEqual(100_000);
  expect(await alertsPage.rows.count()).toBeLessThanOrEqual(MAX_RENDERED_ROWS);

  // Jump to the end: the last page is fetched and the last row rendered, the DOM stays small.
  await alertsPage.scrollToEnd();
  await expect(alertsPage.row(total - 1)).toBeVisible();
  expect(await alertsPage.rows.count()).toBeLessThanOrEqual(MAX_RENDERED_ROWS);

  // Keyboard: select the last row, move up twice.
  await alertsPage.row(total - 1).click();
  await expect(alertsPage.row(total - 1)).toHaveAttribute('aria-selected', 'true');
  await alertsPage.scroller.press('ArrowUp');
  await alertsPage.scroller.press('ArrowUp');
  await expect(alertsPage.row(total - 3)).toHaveAttribute('aria-selected', 'true');
  await expect(alertsPage.signatureDetail).toBeVisible();
  // Home jumps to the first row and scrolls it into view.
  await alertsPage.scroller.press('Home');
  await expect(alertsPage.row(0)).toHaveAttribute('aria-selected', 'true');
  await expect(alertsPage.row(0)).toBeInViewport();
  await alertsPage.scroller.press('ArrowDown');
  await expect(alertsPage.row(1)).toHaveAttribute('aria-selected', 'true');
  await page.screenshot({ path: screenshotPath('web-04-alerts-100k') });

  // Class filter: every visible row has the chosen class.
  const cls = await alertsPage.rows.first().getByTestId('predicted-class').innerText();
  await alertsPage.classFilter.selectOption(cls);
  await alertsPage.waitForRows();
  const shown = await alertsPage.rows.getByTestId('predicted-class').allInnerTexts();
  expect(shown.length).toBeGreaterThan(0);
  expect(new Set(shown)).toEqual(new Set([cls]));
  await alertsPage.classFilter.selectOption('');

  // Sort by confidence, descending: the first rows are in non-increasing order.
  await page.getByTestId('alerts-sort').selectOption('confidence');
  await page.getByTestId('alerts-desc').check();
  await alertsPage.waitForRows();
  const means = (await alertsPage.rows.getByTestId('confidence').allInnerTexts())
    .slice(0, 20)
    .map(Number);
  for (let i = 1; i < means.length; i++) expect(means[i]).toBeLessThanOrEqual(means[i - 1] ?? 1);
});
