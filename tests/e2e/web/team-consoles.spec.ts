/**
 * Two analysts' consoles, each in its own browser context on its own `rampart serve`, over one
 * PostgreSQL database: what one approves shows as approved in the other's open queue without a
 * reload (the other server hears of it through LISTEN/NOTIFY). Skips, saying why, where
 * PostgreSQL is not installed.
 */
import { expect, test } from '../fixtures';
import { AlertsPage } from '../pages/AlertsPage';
import { ConsolePage } from '../pages/ConsolePage';
import { loadDemoDataset } from '../support/api';
import { startConsoleServer, type ConsoleServer } from '../support/server';
import { pgUnavailable, sql, startCluster, type PgCluster } from '../../helpers/postgres';

let cluster: PgCluster | null = null;
const servers: ConsoleServer[] = [];

test.afterAll(async () => {
  for (const s of servers) await s.stop();
  await cluster?.destroy();
});

// Two browser contexts on two servers: the web target (the Electron app is one window on one core).
test.skip(({ target }) => target !== 'web', 'two consoles on two servers run on the web target');

test('a decision in one analyst’s console appears in the other’s, on another server', async ({
  webBrowser,
}) => {
  test.skip(pgUnavailable !== null, `needs PostgreSQL: ${pgUnavailable}`);
  const browser = webBrowser!;
  test.setTimeout(240_000);
  cluster = await startCluster();
  await sql(cluster.url, 'CREATE DATABASE consoles');
  const u = new URL(cluster.url);
  u.pathname = '/consoles';
  const first = await startConsoleServer({ db: u.toString() });
  servers.push(first);
  const datasetId = await loadDemoDataset(first, { rows: 3000, seed: 7 });
  const second = await startConsoleServer({ db: u.toString() });
  servers.push(second);

  const open = async (server: ConsoleServer) => {
    const page = await (await browser.newContext()).newPage();
    const consolePage = new ConsolePage(page, 'web');
    const alertsPage = new AlertsPage(page);
    await consolePage.open(server.url);
    await consolePage.pickDataset(datasetId);
    await consolePage.nav('alerts');
    await alertsPage.classFilter.selectOption('DoS');
    await alertsPage.waitForRows();
    return alertsPage;
  };
  const alice = await open(first);
  const bob = await open(second);

  const id = await alice.open(alice.firstPending());
  await expect(bob.rowOf(id)).toHaveAttribute('data-status', 'pending');
  await alice.detail.approve('team: approved by the first analyst');
  await expect(alice.rowOf(id)).toHaveAttribute('data-status', 'approved');
  // Bob's queue, on the other server, shows it without a reload.
  await expect(bob.rowOf(id)).toHaveAttribute('data-status', 'approved', { timeout: 5_000 });
  await bob.open(bob.rowOf(id));
  await expect(bob.detail.status).toHaveAttribute('data-status', 'approved');
  await expect(bob.detail.decisions).toHaveCount(1);
});
