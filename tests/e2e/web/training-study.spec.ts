/**
 * A study from the Training screen on the seeded demo dataset: two seeds under the paper's class
 * mix and a weaker detector; the result shows the regime, each method's mean with its 95%
 * interval, the paired test against PPO and the review AURCs.
 */
import { expect, test } from '../fixtures';

test('a two-seed study shows its regime, 95% intervals, the test against PPO and review AURCs', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  trainingPage,
}) => {
  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await trainingPage.open();
  const form = page.getByTestId('study-form');
  for (const m of ['ppo-kg', 'ppo-kg-pt', 'dl'])
    await form.getByTestId(`study-method-${m}`).locator('input').uncheck();
  await page.getByTestId('study-field-seeds').fill('11');
  await expect(page.getByTestId('study-field-seeds')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('study-start')).toBeDisabled();
  await page.getByTestId('study-field-seeds').fill('2');
  await page.getByTestId('study-prevalence').selectOption('paper');
  await page.getByTestId('study-field-maxDepth').fill('5');
  await page.getByTestId('study-field-passes').fill('0.05');
  await page.getByTestId('study-start').click();
  await expect(page.getByTestId('study-panel')).toHaveAttribute('data-state', 'completed', {
    timeout: 180_000,
  });
  await expect(page.getByTestId('study-regime')).toContainText('2 seeds (1, 2)');
  await expect(page.getByTestId('study-regime')).toContainText('weighted by paper');
  await expect(page.getByTestId('study-regime')).toContainText('max depth 5');
  const rows = page.getByTestId('study-method-row');
  await expect(rows).toHaveCount(2);
  // Every mean comes with its interval: "+x.xx [lo, hi]".
  for (const cell of await page.getByTestId('study-avg').all())
    await expect(cell).toHaveText(/^[+−]\d+\.\d\d \[[+−]\d+\.\d\d, [+−]\d+\.\d\d\]$/);
  await expect(rows.filter({ hasText: 'PPO' }).first().getByTestId('study-vs-ppo')).toHaveText('–');
  await expect(page.locator('[data-method="llm-kg"] [data-testid="study-vs-ppo"]')).toHaveText(
    /^[+−]\d+\.\d\d \[.*\], p /,
  );
  await expect(page.getByTestId('study-aurc').first()).toHaveText(
    /^\d\.\d{4} \/ \d\.\d{4} \/ \d\.\d{4}$/,
  );
});
