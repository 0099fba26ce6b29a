import { defineConfig } from '@playwright/test';
import type { TargetOptions } from './tests/e2e/support/target';

// Two projects: `web` drives the headless host in Debian's Chromium (never a downloaded browser);
// `electron` runs the same web specs (plus its own) against the real app's window, and skips
// every test with a message where the Electron binary is missing.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig<object, TargetOptions>({
  testDir: 'tests/e2e',
  outputDir: 'test-results',
  // Loads train a detector; on a 2-core machine give them room, but fail rather than hang.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  // One worker: each starts its own host and browser, and there are only two cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env['CI'],
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    viewport: { width: 1400, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testDir: 'tests/e2e/web',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env['RAMPART_CHROMIUM'] ?? '/usr/bin/chromium',
          args: chromiumArgs,
        },
      },
    },
    {
      name: 'electron',
      testDir: 'tests/e2e',
      testMatch: ['web/**/*.spec.ts', 'electron/**/*.spec.ts'],
      use: { target: 'electron' },
    },
  ],
});
