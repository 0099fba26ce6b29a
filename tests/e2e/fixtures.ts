/** The e2e test object: a headless host per worker and the page objects over it. */
import { expect, test as base } from '@playwright/test';
import { AlertsPage } from './pages/AlertsPage';
import { ConsolePage } from './pages/ConsolePage';
import { DataPage } from './pages/DataPage';
import { FeedPage } from './pages/FeedPage';
import { KgPage } from './pages/KgPage';
import { ModelPage } from './pages/ModelPage';
import { ReportPage } from './pages/ReportPage';
import { TrainingPage } from './pages/TrainingPage';
import { loadDemoDataset } from './support/api';
import { startConsoleServer, type ConsoleServer } from './support/server';

interface Pages {
  /** Errors the page logged (CSP violations included); the test fails if any remain. */
  pageErrors: string[];
  consolePage: ConsolePage;
  dataPage: DataPage;
  feedPage: FeedPage;
  alertsPage: AlertsPage;
  reportPage: ReportPage;
  modelPage: ModelPage;
  kgPage: KgPage;
  trainingPage: TrainingPage;
}

interface WorkerFixtures {
  server: ConsoleServer;
  /** Id of a demo dataset loaded once per worker, with a trained policy and recommendations. */
  demoDatasetId: number;
}

/** The demo dataset the decision specs share (seeded, so every run sees the same alerts). */
const DEMO = { rows: 20_000, seed: 7 };

/** Playwright's test with `server` and `demoDatasetId` (per worker) and the page objects (per test). */
export const test = base.extend<Pages, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const server = await startConsoleServer();
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  demoDatasetId: [
    async ({ server }, use) => use(await loadDemoDataset(server, DEMO)),
    { scope: 'worker', timeout: 180_000 },
  ],
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await use(errors);
      expect(errors, 'errors or CSP violations logged by the page').toEqual([]);
    },
    { auto: true },
  ],
  consolePage: async ({ page }, use) => use(new ConsolePage(page)),
  dataPage: async ({ page }, use) => use(new DataPage(page)),
  feedPage: async ({ page }, use) => use(new FeedPage(page)),
  alertsPage: async ({ page }, use) => use(new AlertsPage(page)),
  reportPage: async ({ page }, use) => use(new ReportPage(page)),
  modelPage: async ({ page }, use) => use(new ModelPage(page)),
  kgPage: async ({ page }, use) => use(new KgPage(page)),
  trainingPage: async ({ page }, use) => use(new TrainingPage(page)),
});

export { expect } from '@playwright/test';
