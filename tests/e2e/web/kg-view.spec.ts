/**
 * The Graph screen on the seeded demo dataset (trained policy, so a KG exists), at 1280×800: the
 * whole graph is drawn in layers (types and actions; a type's signatures on a click) with no two
 * labelled nodes overlapping and no cytoscape warning, the misclassification matrix shows kg.graph's
 * cells, a cell opens the Alerts screen on exactly its signatures' alerts, a node click filters the
 * queue, and feedback updates the matrix.
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { KgGraphView, KgMatrixCell } from '../../../src/shared/contract';
import { drawnView, MAX_EXPANDED_SIGNATURES } from '../../../src/renderer/src/kg/overview';
import { expect, test } from '../fixtures';
import type { KgPage } from '../pages/KgPage';
import { callApi } from '../support/api';
import { ROOT, artifactPath, screenshotPath } from '../support/paths';
import type { ConsoleServer } from '../support/server';

/** The smallest zoom at which the 11 px labels still read at 9 px or more. */
const MIN_LEGIBLE_ZOOM = 9 / 11;

async function detectorOf(server: ConsoleServer, datasetId: number): Promise<number> {
  const d = (await callApi(server, 'datasets.list', {})).find((x) => x.id === datasetId);
  if (!d?.detectorId) throw new Error(`dataset ${datasetId} has no detector`);
  return d.detectorId;
}

/** Warnings the page logs (cytoscape's "invalid endpoints … nodes overlap" among them). */
function collectWarnings(page: Page): string[] {
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  return warnings;
}

/** A drawn node's box on screen, its label included. */
interface Box {
  id: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** The canvas as cytoscape holds it: zoom, size and every node's rendered box with its label. */
async function geometry(kg: KgPage): Promise<{ zoom: number; w: number; h: number; boxes: Box[] }> {
  return kg.cyHost.evaluate((el) => {
    type Bb = { x1: number; y1: number; x2: number; y2: number };
    type Cy = {
      zoom(): number;
      width(): number;
      height(): number;
      nodes(): {
        map<T>(f: (n: { id(): string; renderedBoundingBox(o: object): Bb }) => T): T[];
      };
    };
    const cy = (el as unknown as { _cyreg?: { cy?: Cy } })._cyreg?.cy;
    if (!cy) throw new Error('no cytoscape instance on the KG canvas');
    const boxes = cy.nodes().map((n) => {
      const b = n.renderedBoundingBox({ includeLabels: true, includeOverlays: false });
      return { id: n.id(), x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2 };
    });
    return { zoom: cy.zoom(), w: cy.width(), h: cy.height(), boxes };
  });
}

/** Pairs of nodes whose label-inclusive boxes overlap (by more than a pixel's rounding). */
function overlaps(boxes: readonly Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      const dx = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
      const dy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
      if (dx > 1 && dy > 1) out.push(`${a.id} × ${b.id}`);
    }
  return out;
}

/** Legible: zoom high enough for the labels, nothing overlapping, everything inside the canvas. */
async function expectLegible(kg: KgPage): Promise<void> {
  const g = await geometry(kg);
  expect(g.zoom, 'labels are drawn at 9 px or more').toBeGreaterThanOrEqual(MIN_LEGIBLE_ZOOM);
  expect(overlaps(g.boxes), 'no two nodes (with their labels) overlap').toEqual([]);
  for (const b of g.boxes) {
    expect(b.x1, `${b.id} inside the canvas`).toBeGreaterThanOrEqual(-1);
    expect(b.y1, `${b.id} inside the canvas`).toBeGreaterThanOrEqual(-1);
    expect(b.x2, `${b.id} inside the canvas`).toBeLessThanOrEqual(g.w + 1);
    expect(b.y2, `${b.id} inside the canvas`).toBeLessThanOrEqual(g.h + 1);
  }
}

function cellLocator(page: Page, c: Pick<KgMatrixCell, 'predicted' | 'actual'>) {
  return page.locator(
    `[data-testid="kg-matrix-cell"][data-predicted="${c.predicted}"][data-actual="${c.actual}"]`,
  );
}

/** The type node with the most signatures in the view. */
function busiestType(view: KgGraphView): { key: string; name: string; signatures: number } {
  const sigs = new Map<string, number>();
  for (const e of view.edges)
    if (e.kind === 'predicts') sigs.set(e.target, (sigs.get(e.target) ?? 0) + 1);
  const [key, signatures] = [...sigs].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const name = view.nodes.find((n) => n.key === key)?.name ?? '';
  return { key, name, signatures };
}

test('the Graph screen lays the KG out in readable layers at 1280×800', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  kgPage,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const warnings = collectWarnings(page);
  const whole = await callApi(server, 'kg.graph', {
    detectorId: await detectorOf(server, demoDatasetId),
  });
  const overview = drawnView(whole, true, null);
  expect(overview.nodes.filter((n) => n.kind === 'type')).toHaveLength(
    whole.nodes.filter((n) => n.kind === 'type').length,
  );

  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await kgPage.open();
  await expect(kgPage.view).toHaveAttribute('data-mode', 'whole');
  // The overview: every type with its most rewarded actions, no signature yet.
  await kgPage.waitForLayout(overview.nodes.length);
  await expect(kgPage.canvas).toHaveAttribute('data-edges', String(overview.edges.length));
  await expect(kgPage.summary).toHaveAttribute('data-nodes', String(whole.nodes.length));
  if ((test.info().project.use as { target?: string }).target !== 'electron')
    await page.screenshot({ path: join(ROOT, 'docs', 'console-graph-1280.png') });
  await expectLegible(kgPage);

  // A type click filters the queue by it and shows its busiest signatures in the left column.
  const type = busiestType(whole);
  expect(type.signatures, 'the demo KG has signatures').toBeGreaterThan(0);
  await kgPage.clickNode(type.key);
  await expect(kgPage.queue).toHaveAttribute('data-filter', `class:${type.name}`);
  const shown = Math.min(MAX_EXPANDED_SIGNATURES, type.signatures);
  await kgPage.waitForLayout(overview.nodes.length + shown);
  await expect(kgPage.canvas).toHaveAttribute(
    'data-edges',
    String(drawnView(whole, true, type.key).edges.length),
  );
  await expect(page.getByTestId('kg-expanded')).toHaveAttribute('data-shown', String(shown));
  await expectLegible(kgPage);
  await page.screenshot({ path: screenshotPath('web-07-kg-expanded') });

  // An alert of the queue centres the graph on its signature; its node filters by signature.
  const alert = kgPage.queueRows.first();
  const signatureId = Number(await alert.getAttribute('data-signature-id'));
  const hood = await callApi(server, 'kg.graph', { signatureId });
  const sigNode = hood.nodes.find((n) => n.kind === 'signature' && n.signatureId === signatureId);
  expect(sigNode, 'the neighbourhood holds the signature').toBeTruthy();
  await alert.click();
  await expect(kgPage.view).toHaveAttribute('data-mode', 'neighbourhood');
  await kgPage.waitForLayout(hood.nodes.length);
  await expectLegible(kgPage);
  await kgPage.clickNode(sigNode!.key);
  await expect(kgPage.queue).toHaveAttribute('data-filter', `signature:${signatureId}`);
  await expect(
    kgPage.queueRows.and(page.locator(`:not([data-signature-id="${signatureId}"])`)),
  ).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('web-07-kg-neighbourhood') });

  // Back to the whole graph.
  await kgPage.wholeToggle.check();
  await expect(kgPage.view).toHaveAttribute('data-mode', 'whole');
  await kgPage.fitButton.click();
  await expectLegible(kgPage);
  expect(warnings, 'no warning in the browser console (cytoscape: overlapping nodes)').toEqual([]);
});

test('a misclassification matrix cell opens the Alerts screen on its signatures', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  kgPage,
  alertsPage,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const whole = await callApi(server, 'kg.graph', {
    detectorId: await detectorOf(server, demoDatasetId),
  });
  const mistakes = whole.matrix
    .filter((c) => c.predicted !== c.actual && c.signatureIds.length > 0)
    .sort((a, b) => b.count - a.count);
  // The Alerts screen leaves Benign out by default: a cell predicted as an attack shows its rows.
  const cell = mistakes.find((c) => c.predicted !== 'Benign') ?? mistakes[0];
  if (!cell) throw new Error('the demo KG has no misclassification with known signatures');

  await consolePage.open(server.url);
  await consolePage.pickDataset(demoDatasetId);
  await kgPage.open();
  await kgPage.waitForLayout();
  const matrix = page.getByTestId('kg-matrix');
  await expect(matrix).toHaveAttribute('data-cells', String(whole.matrix.length));
  await expect(page.getByTestId('kg-matrix-cell')).toHaveCount(whole.matrix.length);
  const button = cellLocator(page, cell);
  await expect(button).toHaveAttribute('data-count', String(cell.count));
  await expect(button).toContainText(cell.count.toLocaleString('en-US'));
  await expect(button).toContainText(/\d+(\.\d+)?%/);
  await expect(button).toContainText(/B=[01]\.\d\d/);
  await page.screenshot({ path: artifactPath('kg-matrix.png') });

  // The cell's signatures: every alert alerts.query returns for them is one of theirs.
  const ids = new Set(cell.signatureIds);
  const byCell = await callApi(server, 'alerts.query', {
    datasetId: demoDatasetId,
    signatureIds: cell.signatureIds,
    limit: 1000,
  });
  expect(byCell.total, 'the cell’s signatures have alerts').toBeGreaterThan(0);
  for (const r of byCell.rows) expect(ids.has(r.signatureId)).toBe(true);

  await button.click();
  await expect(alertsPage.screen).toBeVisible();
  await expect(page.getByTestId('nav-alerts')).toHaveClass(/active/);
  // Grouped queue or flat table: every row shown belongs to the cell's signatures.
  const rows = alertsPage.screen.locator('[data-testid="queue-group"], [data-testid="alert-row"]');
  await expect(rows.first()).toBeVisible();
  const shownIds = await rows.evaluateAll((els) =>
    els.map((e) => Number(e.getAttribute('data-signature-id'))),
  );
  expect(shownIds.length).toBeGreaterThan(0);
  expect(shownIds.filter((id) => !ids.has(id))).toEqual([]);
  await page.screenshot({ path: screenshotPath('web-07-kg-matrix-alerts') });
});

test('analyst feedback changes the misclassification matrix cell the Graph screen shows', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  kgPage,
}) => {
  // Classes the decision specs leave alone, so their alerts are still pending here.
  let target: { id: number; predicted: string; truth: string } | null = null;
  for (const cls of ['FTP-Patator', 'Infiltration', 'Benign']) {
    const res = await callApi(server, 'alerts.query', {
      datasetId: demoDatasetId,
      predictedClass: cls,
      status: 'pending',
      limit: 1,
    });
    const a = res.rows[0];
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
  // alerts.changed refetches the graph: the new version and the cell's new count show.
  await expect(kgPage.summary).toHaveAttribute('data-version', String(res.kgVersion));
  const after = (
    await callApi(server, 'kg.graph', { detectorId: await detectorOf(server, demoDatasetId) })
  ).matrix.find((c) => c.predicted === target.predicted && c.actual === target.truth);
  expect(after?.count).toBeGreaterThan(0);
  const cell = cellLocator(page, { predicted: target.predicted, actual: target.truth });
  await expect(cell).toHaveAttribute('data-count', String(after!.count));
  await expect(cell).toHaveAttribute('data-rate', String(after!.rate));
});
