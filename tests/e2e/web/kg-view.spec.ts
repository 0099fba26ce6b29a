/**
 * The Graph screen on the seeded demo dataset (trained policy, so a KG exists): the canvas draws
 * the whole graph, kg.graph's misclassification edges are listed beside it with rate and
 * confidence, a list row or a node click filters the alert queue, and feedback updates the graph.
 */
import type { KgGraphView } from '../../../src/shared/contract';
import { expect, test } from '../fixtures';
import { callApi } from '../support/api';
import type { ConsoleServer } from '../support/server';
import { artifactPath, screenshotPath } from '../support/paths';

/** A misclassification label: "15% (150 of 1,030), B=0.93". */
const MISCLASS_LABEL = /^\d+(\.\d)?% \([\d,]+ of [\d,]+ episodes\), B=[01]\.\d\d$/;

async function detectorOf(server: ConsoleServer, datasetId: number): Promise<number> {
  const d = (await callApi(server, 'datasets.list', {})).find((x) => x.id === datasetId);
  if (!d?.detectorId) throw new Error(`dataset ${datasetId} has no detector`);
  return d.detectorId;
}

/** The misclassification edges of a view as [predicted, actual, label], highest rate first. */
function misclassOf(view: KgGraphView): { predicted: string; actual: string; label: string }[] {
  const name = new Map(view.nodes.map((n) => [n.key, n.name]));
  return view.edges
    .filter((e) => e.kind === 'misclassified')
    .sort((a, b) => b.weight - a.weight)
    .map((e) => ({
      predicted: name.get(e.source) ?? '?',
      actual: name.get(e.target) ?? '?',
      label: e.label,
    }));
}

test('the Graph screen draws the KG, lists its misclassifications and filters the queue', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  kgPage,
}) => {
  const detectorId = await detectorOf(server, demoDatasetId);
  const whole = await callApi(server, 'kg.graph', { detectorId });
  const mis = misclassOf(whole);
  expect(mis.length, 'the demo KG has misclassification edges').toBeGreaterThan(0);

  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await kgPage.open();
  await expect(kgPage.view).toHaveAttribute('data-mode', 'whole');
  await kgPage.waitForLayout(whole.nodes.length);
  await expect(kgPage.canvas).toHaveAttribute('data-edges', String(whole.edges.length));
  const canvas = await kgPage.cyHost.locator('canvas').first().boundingBox();
  expect(canvas?.width ?? 0).toBeGreaterThan(300);
  expect(canvas?.height ?? 0).toBeGreaterThan(200);
  await expect(kgPage.summary).toHaveAttribute('data-misclassified', String(mis.length));
  await expect(kgPage.summary).toHaveAttribute('data-version', String(whole.version));

  // Every misclassification edge is listed with the core's rate / confidence label.
  await expect(kgPage.misclassRows).toHaveCount(mis.length);
  const top = mis[0]!;
  expect(top.label).toMatch(MISCLASS_LABEL);
  const row = kgPage.misclassRow(top.predicted, top.actual);
  await expect(row.getByTestId('kg-misclass-label')).toHaveText(top.label);
  await expect(kgPage.misclassRows.first()).toHaveAttribute('data-predicted', top.predicted);
  await page.screenshot({ path: artifactPath('kg-view.png') });

  // A misclassification row filters the queue by the class that was predicted.
  await row.click();
  await expect(kgPage.queue).toHaveAttribute('data-filter', `class:${top.predicted}`);
  const byClass = await callApi(server, 'alerts.query', {
    datasetId: demoDatasetId,
    predictedClass: top.predicted,
    limit: 1,
  });
  await expect(kgPage.queue).toHaveAttribute('data-total', String(byClass.total));
  await expect(kgPage.queueRows.first()).toHaveAttribute('data-class', top.predicted);
  await expect(
    kgPage.queueRows.and(page.locator(`:not([data-class="${top.predicted}"])`)),
  ).toHaveCount(0);

  // An alert of the queue centres the graph on its signature; its node filters by signature.
  const alert = kgPage.queueRows.first();
  const signatureId = Number(await alert.getAttribute('data-signature-id'));
  const hood = await callApi(server, 'kg.graph', { signatureId });
  const sigNode = hood.nodes.find((n) => n.kind === 'signature' && n.signatureId === signatureId);
  expect(sigNode, 'the neighbourhood holds the signature').toBeTruthy();
  await alert.click();
  await expect(kgPage.view).toHaveAttribute('data-mode', 'neighbourhood');
  await kgPage.waitForLayout(hood.nodes.length);
  await kgPage.clickNode(sigNode!.key);
  await expect(kgPage.queue).toHaveAttribute('data-filter', `signature:${signatureId}`);
  const bySig = await callApi(server, 'alerts.query', {
    datasetId: demoDatasetId,
    signatureId,
    limit: 1,
  });
  await expect(kgPage.queue).toHaveAttribute('data-total', String(bySig.total));
  await expect(
    kgPage.queueRows.and(page.locator(`:not([data-signature-id="${signatureId}"])`)),
  ).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('web-07-kg-neighbourhood') });

  // A type node filters by predicted class.
  const typeNode = hood.nodes.find((n) => n.kind === 'type');
  await kgPage.clickNode(typeNode!.key);
  await expect(kgPage.queue).toHaveAttribute('data-filter', `class:${typeNode!.name}`);

  // Back to the whole graph.
  await kgPage.wholeToggle.check();
  await expect(kgPage.view).toHaveAttribute('data-mode', 'whole');
  await kgPage.waitForLayout(whole.nodes.length);
  await kgPage.fitButton.click();
});

test('analyst feedback changes the misclassification edge the Graph screen shows', async ({
  server,
  demoDatasetId,
  consolePage,
  kgPage,
}) => {
  // Classes the decision specs leave alone, so their alerts are still pending here.
  let target: { id: number; predicted: string; truth: string } | null = null;
  for (const cls of ['FTP-Patator', 'Infiltration', 'Benign']) {
    const page = await callApi(server, 'alerts.query', {
      datasetId: demoDatasetId,
      predictedClass: cls,
      status: 'pending',
      limit: 1,
    });
    const a = page.rows[0];
    if (a) {
      target = { id: a.id, predicted: cls, truth: cls === 'Benign' ? 'DoS' : 'Benign' };
      break;
    }
  }
  if (!target) throw new Error('no pending alert to decide on');

  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await kgPage.open();
  await kgPage.waitForLayout();
  const before = Number(await kgPage.summary.getAttribute('data-version'));

  const res = await callApi(server, 'alerts.decide', {
    alertIds: [target.id],
    decision: 'override',
    action: 0,
    trueClass: target.truth,
    note: 'e2e: KG view feedback',
  });
  expect(res.kgVersion).toBeGreaterThan(before);
  // alerts.changed refetches the graph: the new version and the edge's new label show.
  await expect(kgPage.summary).toHaveAttribute('data-version', String(res.kgVersion));
  const after = misclassOf(
    await callApi(server, 'kg.graph', { detectorId: await detectorOf(server, demoDatasetId) }),
  ).find((m) => m.predicted === target.predicted && m.actual === target.truth);
  expect(after?.label).toMatch(MISCLASS_LABEL);
  await expect(
    kgPage.misclassRow(target.predicted, target.truth).getByTestId('kg-misclass-label'),
  ).toHaveText(after!.label);
});
