/**
 * Risk in the console (issue 12): on the seeded demo dataset the queue shows each
 * recommendation's P(wrong), expected reward and "needs review" marker, filters to the flagged
 * ones and sorts by risk; an uncertain alert's detail shows its risk, the expected reward with its
 * interval, why it needs review, and π labelled as the policy's preference, not a confidence.
 * Every total and order is checked against alerts.query with the same arguments.
 */
import { expect, test } from '../fixtures';
import { callApi } from '../support/api';
import { screenshotPath } from '../support/paths';

/** A share as the console formats it, e.g. 0.342 → "34.2%". */
const share = (p: number): string => `${(p * 100).toFixed(1)}%`;

test('an uncertain alert shows its risk and "needs review", with the reasons', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  alertsPage,
}) => {
  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await consolePage.nav('alerts');
  const all = await alertsPage.waitForRows();
  expect(all).toBeGreaterThan(0);

  // Needs review only: the queue's total is the core's, and every row carries the marker.
  const flagged = await callApi(server, 'alerts.query', {
    datasetId: demoDatasetId,
    needsReview: true,
    sort: 'risk',
    desc: true,
    limit: 5,
  });
  expect(flagged.total).toBeGreaterThan(0);
  await alertsPage.needsReviewFilter.check();
  await alertsPage.waitForTotal(flagged.total);
  await expect(alertsPage.rows.first().getByTestId('needs-review')).toBeVisible();
  const marks = await alertsPage.rowValues('needs-review', 'risk');
  expect(marks.length).toBeGreaterThan(0);
  expect(new Set(marks)).toEqual(new Set(['true']));

  // Riskiest first, in the core's order; the row shows P wrong and the expected reward.
  await alertsPage.sortBy('risk');
  await expect(alertsPage.table.getByTestId('sort-risk')).toContainText('▼');
  const top = flagged.rows[0]!;
  const risk = top.recommendation!.risk!;
  await expect(alertsPage.row(0)).toHaveAttribute('data-alert-id', String(top.id));
  await expect(alertsPage.row(0).getByTestId('risk-p-wrong')).toHaveText(share(risk.pWrong));
  await expect(alertsPage.row(0).getByTestId('risk-reward')).toHaveText(/^[+−]\d+\.\d{2}$/);

  // The detail: risk, expected reward with its interval, the reasons, and what π is.
  await alertsPage.open(alertsPage.row(0));
  const d = alertsPage.detail;
  await expect(d.risk).toHaveAttribute('data-needs-review', 'true');
  await expect(d.needsReview).toContainText('needs review');
  await expect(d.pWrong).toHaveText(share(risk.pWrong));
  await expect(d.expectedReward).toHaveText(/^[+−]\d+\.\d{2}$/);
  await expect(d.rewardInterval).toHaveText(/^\(95%: [+−]\d+\.\d{2} … [+−]\d+\.\d{2}\)$/);
  expect(await d.reviewReasons.allInnerTexts()).toEqual(risk.reasons);
  await expect(d.riskEvidence).toContainText(`signature #${top.signatureId}`);
  await expect(d.piNote).toContainText('preference');
  await expect(d.piNote).toContainText('not a');
  await page.screenshot({ path: screenshotPath('web-risk-needs-review') });

  // Off again: the whole queue is back.
  await alertsPage.needsReviewFilter.uncheck();
  await alertsPage.waitForTotal(all);
});
