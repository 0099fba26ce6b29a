/**
 * The triage-first Alerts screen on REAL CICIDS2017 flows (four attacks among benign, behind the
 * lab's NAT): the aggregated queue is the default view with benign hidden; a group is approved with
 * one decision (audited per alert with the group) and the selection moves to the next pending
 * group; a group expands to its flows, an alert pivots to its full flow record and related flows;
 * the flat list moves on to the next pending alert after a decision; a live feed lands in the same
 * queue without switching anything; every column is on screen at 1280×800 (screenshots of both
 * sizes are kept in docs/).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import type { AlertsPage } from '../pages/AlertsPage';
import type { ConsolePage } from '../pages/ConsolePage';
import { callApi } from '../support/api';
import { ROOT, screenshotPath } from '../support/paths';
import { FTP_PATATOR, loadPaths, NEEDS_SAMPLE, sampleFiles } from '../support/realData';
import type { ConsoleServer } from '../support/server';

/**
 * Four attacks of the Tuesday–Thursday captures among benign flows: enough signatures and
 * endpoints for a queue of several groups (FTP-Patator alone is one group).
 */
/** The page's clipboard, as the copy check reads it back. */
interface ClipboardGlobals {
  navigator: { clipboard: { readText(): Promise<string> } };
}

/** What the truncation check reads of a cell. */
interface CellBox {
  scrollWidth: number;
  clientWidth: number;
  textContent: string | null;
}

const files = sampleFiles([
  'FTP-Patator_3972.csv',
  'SSH-Patator_2961.csv',
  'Portscan_5000.csv',
  'Web_Attack_-_Brute_Force_73.csv',
  'BENIGN_5000.csv',
]);
/** The real load, once per worker (tests run in order on one host). */
let loaded: Promise<number> | null = null;
function realDataset(server: ConsoleServer): Promise<number> {
  loaded ??= loadPaths(server, files!);
  return loaded;
}

/** Open the console's Alerts screen narrowed to one source through the Source filter. */
async function openQueue(
  server: ConsoleServer,
  datasetId: number,
  consolePage: ConsolePage,
  alertsPage: AlertsPage,
): Promise<number> {
  await consolePage.open(server.url);
  await consolePage.nav('alerts');
  await expect(alertsPage.screen).toHaveAttribute('data-view', 'queue');
  await alertsPage.sourceFilter.selectOption(String(datasetId));
  return alertsPage.showQueue();
}

/** Save a screenshot of the console into docs/ (the README shows them). */
async function docsShot(page: Page, name: string): Promise<void> {
  const out = screenshotPath(name);
  await page.screenshot({ path: out });
  mkdirSync(resolve(ROOT, 'docs'), { recursive: true });
  copyFileSync(out, resolve(ROOT, 'docs', `${name}.png`));
}

test.describe('triage queue on real flows', () => {
  test.skip(!files, NEEDS_SAMPLE);
  test.setTimeout(240_000);

  test('opens aggregated with benign hidden, riskiest first, far fewer rows than alerts', async ({
    server,
    consolePage,
    alertsPage,
  }) => {
    const datasetId = await realDataset(server);
    const groups = await openQueue(server, datasetId, consolePage, alertsPage);
    const rows = await alertsPage.groupValues();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((g) => g.cls !== 'Benign')).toBe(true);
    // The same counts through the API: groups and the attack alerts they hold.
    const api = await callApi(server, 'alerts.queue', { datasetId, limit: 1000 });
    expect(groups).toBe(api.total);
    const benign = await callApi(server, 'alerts.query', {
      datasetId,
      predictedClass: 'Benign',
      limit: 1,
    });
    expect(api.hiddenBenign).toBe(benign.total);
    await expect(alertsPage.queueTotal).toContainText(
      `${api.alerts.toLocaleString('en-US')} alerts`,
    );
    // Far fewer decisions than alerts to clear the attacks.
    expect(api.total).toBeLessThan(api.alerts / 10);
    // The attacker is shown folded with its NAT alias.
    const ftpRow = alertsPage.page
      .locator('[data-testid="queue-group"][data-class="FTP-Patator"]')
      .first();
    await ftpRow.click();
    await expect(alertsPage.groupPanel.getByTestId('group-src')).toContainText(
      `${FTP_PATATOR.attacker} (also 172.16.0.1)`,
    );
    // One click shows the benign alerts too.
    await alertsPage.showBenign.check();
    await expect
      .poll(async () => Number(await alertsPage.queueTotal.getAttribute('data-total')))
      .toBeGreaterThan(groups);
  });

  test('approving a group decides its pending alerts at once and moves to the next group', async ({
    server,
    consolePage,
    alertsPage,
  }) => {
    const datasetId = await realDataset(server);
    await openQueue(server, datasetId, consolePage, alertsPage);
    const pending = (await alertsPage.groupValues()).filter((g) => g.pending > 1);
    expect(pending.length).toBeGreaterThan(2);
    const first = pending[0]!;
    const row = alertsPage.page.locator(`[data-testid="queue-group"][data-key="${first.key}"]`);
    await row.click();
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await expect(alertsPage.groupPanel).toHaveAttribute('data-key', first.key);
    await alertsPage.groupPanel.getByTestId('group-note').fill('e2e: one decision for the group');
    await alertsPage.groupPanel.getByTestId('group-approve').click();
    await expect(alertsPage.queueLastDecision).toContainText(
      `for ${first.pending.toLocaleString('en-US')} alerts`,
    );
    // Decided: nothing pending left in it (it sinks below the groups still to do).
    const pendingOf = async (key: string | null) =>
      (await callApi(server, 'alerts.queue', { datasetId, limit: 1000 })).rows.find(
        (g) => g.key === key,
      )?.pending;
    await expect.poll(() => pendingOf(first.key)).toBe(0);
    // The selection moved on to another group that still has alerts pending.
    const selected = alertsPage.page.locator('[data-testid="queue-group"][aria-selected="true"]');
    await expect(selected).not.toHaveAttribute('data-key', first.key);
    expect(Number(await selected.getAttribute('data-pending'))).toBeGreaterThan(0);
    // Audited per alert, each row naming the group.
    const audit = await callApi(server, 'audit.list', { group: first.key, limit: 1 });
    expect(audit.total).toBe(first.pending);
    // The A key approves the selected group from the list.
    const next = await selected.getAttribute('data-key');
    await alertsPage.page.getByTestId('queue-scroll').press('a');
    await expect(alertsPage.queueLastDecision).toContainText('Approved');
    await expect.poll(() => pendingOf(next)).toBe(0);
  });

  test('a group expands to its flows; an alert shows its flow record and related flows', async ({
    server,
    consolePage,
    alertsPage,
    context,
  }) => {
    const datasetId = await realDataset(server);
    await openQueue(server, datasetId, consolePage, alertsPage);
    const row = alertsPage.page
      .locator('[data-testid="queue-group"][data-class="FTP-Patator"]')
      .first();
    const alerts = Number(await row.getAttribute('data-alerts'));
    await row.click();
    await alertsPage.page.getByTestId('queue-scroll').press('Enter');
    await expect(alertsPage.screen).toHaveAttribute('data-view', 'flows');
    expect(await alertsPage.waitForTotal(alerts)).toBeGreaterThan(0);
    await expect(alertsPage.page.getByTestId('alerts-src-chip')).toContainText(
      FTP_PATATOR.attacker,
    );
    await alertsPage.open(alertsPage.row(0));
    // The full flow record, copyable as JSON.
    const record = alertsPage.page.getByTestId('flow-record');
    await record.locator('summary').click();
    await expect(record).toContainText('Destination Port');
    await expect(record).toContainText(/FTP-Patator_3972\.csv line \d+/);
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await record.getByTestId('flow-record-copy').click();
    const copied = JSON.parse(
      await alertsPage.page.evaluate(() =>
        (globalThis as unknown as ClipboardGlobals).navigator.clipboard.readText(),
      ),
    ) as { features: Record<string, number>; line: number };
    expect(copied.features['Destination Port']).toBe(21);
    expect(copied.line).toBeGreaterThan(1);
    // Related flows: the same source, counted through either NAT address.
    await alertsPage.page.getByTestId('related-src').click();
    const bySrc = await callApi(server, 'alerts.query', {
      datasetId,
      src: '172.16.0.1',
      limit: 1,
    });
    expect(bySrc.total).toBeGreaterThanOrEqual(alerts);
    await alertsPage.waitForTotal(bySrc.total);
    await expect(alertsPage.page.getByTestId('alerts-src-chip')).toContainText(
      FTP_PATATOR.attacker,
    );
    // The same destination, and the same signature, one click each.
    await alertsPage.open(alertsPage.row(0));
    await alertsPage.page.getByTestId('related-signature').click();
    await expect(alertsPage.signatureChip).toBeVisible();
    const sig = Number(await alertsPage.signatureChip.getAttribute('data-signature-id'));
    const bySig = await callApi(server, 'alerts.query', { datasetId, signatureId: sig, limit: 1 });
    await alertsPage.waitForTotal(bySig.total);
  });

  test('after a decision in the flat list the selection moves to the next pending alert', async ({
    server,
    consolePage,
    alertsPage,
  }) => {
    const datasetId = await realDataset(server);
    await openQueue(server, datasetId, consolePage, alertsPage);
    await alertsPage.showFlows();
    await alertsPage.classFilter.selectOption('FTP-Patator');
    await alertsPage.statusFilter.selectOption('pending');
    await alertsPage.waitForRows();
    const first = await alertsPage.open(alertsPage.row(0));
    await alertsPage.scroller.press('a');
    await expect(alertsPage.lastDecision).toContainText(`Alert #${first}: Approved`);
    await expect(alertsPage.signatureDetail).not.toHaveAttribute('data-alert-id', String(first));
    const now = Number(await alertsPage.signatureDetail.getAttribute('data-alert-id'));
    const d = await callApi(server, 'alerts.detail', { id: now });
    expect(d?.alert.status).toBe('pending');
    const decided = await callApi(server, 'alerts.detail', { id: first });
    expect(decided?.alert.status).toBe('approved');
  });

  test('a live feed lands in the same queue without switching anything', async ({
    server,
    consolePage,
    alertsPage,
  }) => {
    await realDataset(server);
    await consolePage.open(server.url);
    await consolePage.nav('alerts');
    await expect(alertsPage.sourceFilter).toHaveValue('');
    await alertsPage.showQueue();
    await alertsPage.showBenign.check();
    const before = await callApi(server, 'alerts.queue', { hideBenign: false, limit: 1 });
    await expect(alertsPage.queueTotal).toContainText(
      `${before.alerts.toLocaleString('en-US')} alerts`,
    );
    const { feedId } = await callApi(server, 'feed.start', {
      kind: 'replay',
      path: files![0]!,
      ratePerSec: 400,
    });
    try {
      // The count on screen grows as the feed's alerts arrive; nothing was clicked.
      await expect
        .poll(
          async () => {
            const text = (await alertsPage.queueTotal.textContent()) ?? '';
            return Number(/([\d,]+) alerts/.exec(text)?.[1]?.replace(/,/g, '') ?? 0);
          },
          { timeout: 60_000 },
        )
        .toBeGreaterThan(before.alerts);
      // The feed is a source of the one queue: in the Source filter and in its groups.
      const feed = (await callApi(server, 'datasets.list', {})).find((d) =>
        d.name.startsWith('Live feed: replay'),
      )!;
      await expect(alertsPage.sourceFilter.locator(`option[value="${feed.id}"]`)).toHaveCount(1);
      const ofFeed = await callApi(server, 'alerts.queue', {
        datasetId: feed.id,
        hideBenign: false,
        limit: 1,
      });
      expect(ofFeed.alerts).toBeGreaterThan(0);
      expect(ofFeed.rows[0]!.datasetIds).toEqual([feed.id]);
      await expect(alertsPage.sourceFilter).toHaveValue('');
    } finally {
      await callApi(server, 'feed.stop', { feedId });
    }
  });

  test('every column is on screen at 1280×800 (and at 1600×1000)', async ({
    server,
    page,
    consolePage,
    alertsPage,
  }) => {
    const datasetId = await realDataset(server);
    for (const [w, h] of [
      [1280, 800],
      [1600, 1000],
    ] as const) {
      await page.setViewportSize({ width: w, height: h });
      await openQueue(server, datasetId, consolePage, alertsPage);
      await docsShot(page, `console-queue-${w}`);
      await alertsPage.showFlows();
      await alertsPage.waitForRows();
      await alertsPage.open(alertsPage.row(0));
      const table = await alertsPage.table.boundingBox();
      const heads = alertsPage.table.locator('.ahead > .cell');
      const n = await heads.count();
      expect(n).toBe(12);
      for (let i = 0; i < n; i++) {
        const box = await heads.nth(i).boundingBox();
        expect(box, `column ${i} at ${w}px`).not.toBeNull();
        expect(box!.width, `column ${i} at ${w}px`).toBeGreaterThanOrEqual(20);
        expect(box!.x + box!.width, `column ${i} at ${w}px`).toBeLessThanOrEqual(
          table!.x + table!.width + 1,
        );
      }
      // The destination and the time are not cut: the cell shows all of its text.
      const cut = await alertsPage.rows.first().evaluate((row) =>
        ['alert-time', 'alert-flow']
          .map((id) => row.querySelector(`[data-testid="${id}"]`) as unknown as CellBox)
          .filter((el) => el.scrollWidth > el.clientWidth + 1)
          .map((el) => el.textContent),
      );
      if (w >= 1600) expect(cut).toEqual([]);
      await docsShot(page, `console-flows-${w}`);
    }
  });
});
