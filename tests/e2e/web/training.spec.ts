/**
 * The training dashboard on the seeded demo dataset: a PPO run's curve and episode counter move
 * while it trains and Stop ends it; a short run completes into Table IV and the right-vs-wrong
 * chart.
 */
import { expect, test } from '../fixtures';
import { artifactPath } from '../support/paths';

test('a run’s curve and episode counter move while it trains, and Stop ends it', async ({
  server,
  demoDatasetId,
  consolePage,
  trainingPage,
}) => {
  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await trainingPage.open();
  // Long enough (1.2M episodes) that Stop lands while it runs, even on the fused learner.
  await trainingPage.configure('ppo', { passes: 60, rolloutSize: 256 });
  await trainingPage.startButton.click();
  await expect(trainingPage.state).toHaveAttribute('data-state', 'running');
  await expect(trainingPage.phase).toHaveAttribute('data-phase', 'rl');
  await expect.poll(() => trainingPage.curvePoints()).toBeGreaterThan(1);
  const points = await trainingPage.curvePoints();
  const episodes = await trainingPage.episodesDone();
  await expect.poll(() => trainingPage.curvePoints()).toBeGreaterThan(points);
  await expect.poll(() => trainingPage.episodesDone()).toBeGreaterThan(episodes);
  await expect(trainingPage.backend).toContainText(/fused-wasm-simd|fused-js|wasm|cpu|tensorflow/);
  await expect(trainingPage.losses).toContainText('policy_loss');
  // Only one run at a time: the form waits for this one.
  await expect(trainingPage.startButton).toBeDisabled();

  await trainingPage.stopButton.click();
  await expect(trainingPage.state).toHaveAttribute('data-state', 'stopped');
  await expect(trainingPage.stopButton).toBeDisabled();
  await expect(trainingPage.startButton).toBeEnabled();
  expect(await trainingPage.episodesDone()).toBeGreaterThan(episodes);
});

test('a short run completes into the class-wise rewards and the right-vs-wrong chart', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  trainingPage,
}) => {
  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await trainingPage.open();
  await trainingPage.configure('ppo', { passes: 0.5, rolloutSize: 256 });
  await trainingPage.startButton.click();
  await expect(trainingPage.state).toHaveAttribute('data-state', 'completed', { timeout: 120_000 });
  await expect(trainingPage.phase).toHaveAttribute('data-phase', 'done');
  await expect(trainingPage.evaluation).toBeVisible();
  expect(await trainingPage.classRows.count()).toBeGreaterThan(1);
  await expect(page.getByTestId('eval-oracle')).toHaveText(/^[+−]\d\.\d\d$/);
  await expect(trainingPage.rightWrongChart).toBeVisible();
  await expect(page.getByTestId('rw-right')).toHaveAttribute('data-value', /^(0|1|0\.\d+)$/);
  expect(await trainingPage.curvePoints()).toBeGreaterThan(1);
  // Tall enough for the run, Table IV and the chart in one picture (the screen scrolls inside).
  await page.setViewportSize({ width: 1400, height: 1150 });
  await page.screenshot({ path: artifactPath('training.png') });
});
