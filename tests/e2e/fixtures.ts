/**
 * The e2e test object: per worker the console under test (`target`: the headless host in Chromium,
 * or the Electron app with its e2e host), and per test a page and the page objects over it.
 */
import { expect, test as base, type Browser, type ConsoleMessage } from '@playwright/test';
import { AlertsPage } from './pages/AlertsPage';
import { AutomationPanel } from './pages/AutomationPanel';
import { ConsolePage } from './pages/ConsolePage';
import { DataPage } from './pages/DataPage';
import { ExportMenu } from './pages/ExportMenu';
import { FeedPage } from './pages/FeedPage';
import { IncidentsPage } from './pages/IncidentsPage';
import { KgPage } from './pages/KgPage';
import { ModelPage } from './pages/ModelPage';
import { ReportPage } from './pages/ReportPage';
import { TrainingPage } from './pages/TrainingPage';
import { loadDemoDataset } from './support/api';
import {
  electronBinary,
  electronSkipMessage,
  freshWindow,
  launchConsoleApp,
  type ConsoleApp,
} from './support/electron';
import { startConsoleServer, type ConsoleServer } from './support/server';
import type { TargetOptions } from './support/target';

interface Pages {
  /** Skips the test, with the reason, on the electron target where the binary is missing. */
  electronAvailable: void;
  /** Errors the page logged (CSP violations included); the test fails if any remain. */
  pageErrors: string[];
  consolePage: ConsolePage;
  dataPage: DataPage;
  feedPage: FeedPage;
  alertsPage: AlertsPage;
  reportPage: ReportPage;
  modelPage: ModelPage;
  kgPage: KgPage;
  incidentsPage: IncidentsPage;
  trainingPage: TrainingPage;
  exportMenu: ExportMenu;
  automationPanel: AutomationPanel;
}

interface WorkerFixtures extends TargetOptions {
  /** The Electron app with its e2e host (electron target); null on the web target. */
  electronApp: ConsoleApp | null;
  /** The web target's browser; null on the electron target, which launches none. */
  webBrowser: Browser | null;
  /** The host specs set data up through: `rampart serve` (web) or the app's e2e host (electron). */
  server: ConsoleServer;
  /** Id of a demo dataset loaded once per worker, with a trained policy and recommendations. */
  demoDatasetId: number;
}

/** The demo dataset the decision specs share (seeded, so every run sees the same alerts). */
const DEMO = { rows: 20_000, seed: 7 };

/** The Electron binary's path; skips the current test with the reason where there is none. */
function electronPathOrSkip(): string {
  const bin = electronBinary();
  if ('path' in bin) return bin.path;
  base.skip(true, electronSkipMessage(bin.missing));
  throw new Error(electronSkipMessage(bin.missing)); // not reached: skip() throws
}

/** Playwright's test with the target and its host (per worker), a page and the page objects (per test). */
export const test = base.extend<Pages, WorkerFixtures>({
  target: ['web', { scope: 'worker', option: true }],
  electronAvailable: [
    async ({ target }, use) => {
      if (target === 'electron') electronPathOrSkip();
      await use();
    },
    // Automatic and listed first, so it runs before pageErrors asks for a page (or a hook for the host).
    { auto: true },
  ],
  electronApp: [
    async ({ target }, use) => {
      if (target !== 'electron') return use(null);
      const app = await launchConsoleApp(electronPathOrSkip());
      await use(app);
      await app.server.stop();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  // Playwright's own browser → context → page chain launches Chromium as soon as `page` is set up,
  // so it cannot be wrapped for the electron target: `page` is built here from the target instead.
  // Context options from the config still apply (Playwright adds them to every new context), and
  // so do traces and screenshots on failure.
  webBrowser: [
    async ({ target, playwright, browserName }, use) => {
      if (target !== 'web') return use(null);
      // Launch options (the config's `launchOptions`) are Playwright's defaults by now, as for its own `browser`.
      const browser = await playwright[browserName].launch();
      await use(browser);
      await browser.close();
    },
    { scope: 'worker', timeout: 0 },
  ],
  browser: [
    async ({ webBrowser }, use) => {
      if (!webBrowser) throw new Error('the electron target has no browser: use `page`');
      await use(webBrowser);
    },
    { scope: 'worker' },
  ],
  context: async ({ page }, use) => use(page.context()),
  page: async ({ webBrowser, electronApp }, use) => {
    if (electronApp) return use(await freshWindow(electronApp));
    if (!webBrowser) throw new Error('no browser and no Electron app');
    const context = await webBrowser.newContext();
    await use(await context.newPage());
    await context.close();
  },
  server: [
    async ({ electronApp }, use) => {
      // The electron target's host lives and dies with the app (the electronApp fixture).
      if (electronApp) return use(electronApp.server);
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
      const onConsole = (m: ConsoleMessage): void => {
        if (m.type() === 'error') errors.push(m.text());
      };
      const onPageError = (e: Error): void => void errors.push(e.message);
      page.on('console', onConsole);
      page.on('pageerror', onPageError);
      await use(errors);
      // The electron target's window outlives the test: the next test collects its own errors.
      page.off('console', onConsole);
      page.off('pageerror', onPageError);
      expect(errors, 'errors or CSP violations logged by the page').toEqual([]);
    },
    { auto: true },
  ],
  consolePage: async ({ page, target }, use) => use(new ConsolePage(page, target)),
  dataPage: async ({ page }, use) => use(new DataPage(page)),
  feedPage: async ({ page }, use) => use(new FeedPage(page)),
  alertsPage: async ({ page }, use) => use(new AlertsPage(page)),
  reportPage: async ({ page }, use) => use(new ReportPage(page)),
  modelPage: async ({ page }, use) => use(new ModelPage(page)),
  kgPage: async ({ page }, use) => use(new KgPage(page)),
  incidentsPage: async ({ page }, use) => use(new IncidentsPage(page)),
  trainingPage: async ({ page }, use) => use(new TrainingPage(page)),
  exportMenu: async ({ page, target }, use) => use(new ExportMenu(page, target)),
  automationPanel: async ({ page }, use) => use(new AutomationPanel(page)),
});

export { expect } from '@playwright/test';
