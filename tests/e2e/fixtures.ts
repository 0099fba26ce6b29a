/** The e2e test object: a headless host per worker and the page objects over it. */
import { expect, test as base } from '@playwright/test';
import { AlertsPage } from './pages/AlertsPage';
import { ConsolePage } from './pages/ConsolePage';
import { DataPage } from './pages/DataPage';
import { ReportPage } from './pages/ReportPage';
import { startConsoleServer, type ConsoleServer } from './support/server';

interface Pages {
  /** Errors the page logged (CSP violations included); the test fails if any remain. */
  pageErrors: string[];
  consolePage: ConsolePage;
  dataPage: DataPage;
  alertsPage: AlertsPage;
  reportPage: ReportPage;
}

/** Playwright's test with `server` (per worker) and the page objects (per test). */
export const test = base.extend<Pages, { server: ConsoleServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const server = await startConsoleServer();
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 90_000 },
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
  alertsPage: async ({ page }, use) => use(new AlertsPage(page)),
  reportPage: async ({ page }, use) => use(new ReportPage(page)),
});

export { expect } from '@playwright/test';
