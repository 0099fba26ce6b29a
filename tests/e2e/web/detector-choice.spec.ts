/**
 * No silent detector swap, through the UI: after a demo load (a detector with Benign), loading a
 * CSV with only DDoS and PortScan flows warns that its detector needs confirmation; a benign
 * replay started afterwards is scored by the detector with Benign (it predicts Benign flows, which
 * the attack-only detector cannot), and its card says a newer detector exists with the warning;
 * only after the analyst confirms it and clicks "Switch" does the feed use the new detector.
 */
import { join } from 'node:path';
import { writeDemoCsv } from '../../../src/main/domain/demo';
import { expect, test } from '../fixtures';
import { callApi } from '../support/api';
import { screenshotPath } from '../support/paths';

test('an attack-only load warns and does not take over a benign replay unless chosen', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  dataPage,
  feedPage,
}) => {
  expect(demoDatasetId).toBeGreaterThan(0);
  const attackCsv = join(server.dir, 'ddos-portscan-only.csv');
  const benignCsv = join(server.dir, 'benign-replay.csv');
  await writeDemoCsv(attackCsv, { rows: 1200, seed: 3, mix: { DDoS: 1, PortScan: 1 } });
  await writeDemoCsv(benignCsv, { rows: 400, seed: 9, mix: { Benign: 1 } });
  const before = await callApi(server, 'detector.list', {});
  const good = before.find((d) => !d.needsConfirmation && d.classes.includes('Benign'));
  expect(good, 'the demo load trained a detector with Benign').toBeDefined();

  await consolePage.open(server.url);
  await consolePage.nav('data');

  // The attack-only load: the summary and the dataset list carry the warning naming Benign.
  await dataPage.loadCsv(attackCsv);
  await dataPage.waitForJobDone();
  const warning = page.getByTestId('job-warning');
  await expect(warning).toContainText('needs confirmation: it was trained without Benign flows');
  const attack = (await callApi(server, 'detector.list', {}))[0]!;
  expect(attack.needsConfirmation).toBe(true);
  expect(attack.classes.sort()).toEqual(['DDoS', 'PortScan']);
  const row = page.locator(`[data-testid="dataset-detector"][data-id="${attack.datasetId}"]`);
  await expect(row.getByTestId('dataset-detector-warning')).toHaveAttribute(
    'data-needs-confirmation',
    'true',
  );
  await expect(row.getByTestId('dataset-confirm-detector')).toBeVisible();
  // The start form says the newest detector is passed over, and why.
  await expect(
    feedPage.panel.locator(
      `[data-testid="feed-detector-warning"][data-detector-id="${attack.id}"]`,
    ),
  ).toContainText('trained without Benign');

  // A benign replay (looping, so it keeps running) is scored by the detector with Benign.
  const replay = await feedPage.startReplay(benignCsv, 100, true);
  await expect(replay.root).toHaveAttribute('data-state', 'running');
  const scoredBy = replay.root.getByTestId('feed-detector');
  await expect(scoredBy).toHaveAttribute('data-detector-id', String(good!.id));
  const newer = replay.root.getByTestId('feed-newer');
  await expect(newer).toHaveAttribute('data-detector-id', String(attack.id));
  await expect(replay.root.getByTestId('feed-newer-warning')).toContainText(
    'trained without Benign',
  );
  await expect(replay.root.getByTestId('feed-switch')).toBeDisabled();
  await expect.poll(() => replay.count(replay.alerts)).toBeGreaterThan(50);
  const feed = (await callApi(server, 'feed.list', {})).find((f) => f.state === 'running')!;
  const datasetId = feed.datasetId!;
  // Benign predictions exist: the attack-only detector has no Benign class to predict.
  const benign = await callApi(server, 'alerts.query', {
    datasetId,
    predictedClass: 'Benign',
    limit: 1,
  });
  expect(benign.total).toBeGreaterThan(0);
  expect(
    (await callApi(server, 'datasets.list', {})).find((d) => d.id === datasetId)!.scoredBy!.id,
  ).toBe(good!.id);
  await page.screenshot({ path: screenshotPath('web-detector-choice-pinned'), fullPage: true });

  // The analyst confirms the new detector and switches the feed to it.
  await replay.root.getByTestId('feed-confirm-detector').click();
  await expect(newer).toHaveAttribute('data-needs-confirmation', 'false');
  await replay.root.getByTestId('feed-switch').click();
  await expect(scoredBy).toHaveAttribute('data-detector-id', String(attack.id));
  await expect(replay.root.getByTestId('feed-newer')).toHaveCount(0);
  expect(
    (await callApi(server, 'datasets.list', {})).find((d) => d.id === datasetId)!.scoredBy!.id,
  ).toBe(attack.id);
  await page.screenshot({ path: screenshotPath('web-detector-choice-switched'), fullPage: true });
  await replay.stop();

  // Leave the worker's host as other specs expect it: this spec's datasets go (feed first).
  await callApi(server, 'datasets.delete', { datasetId });
  await callApi(server, 'datasets.delete', { datasetId: attack.datasetId });
});
