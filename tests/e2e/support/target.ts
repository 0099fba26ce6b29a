/** What differs between the two targets the same specs drive: opening the console, browser-only steps. */
import { expect, test, type Page } from '@playwright/test';

/** The console under test: the headless host in Chromium (`web`) or the Electron app (`electron`). */
export type Target = 'web' | 'electron';

/** The fixture option a project sets (`use: { target: 'electron' }`); default `web`. */
export interface TargetOptions {
  target: Target;
}

/**
 * Open the console afresh and wait until it is ready. Web: go to the host's URL (it carries the
 * token). Electron: reload the app's window, which may not navigate to the host by design.
 */
export async function openConsole(page: Page, target: Target, url: string): Promise<void> {
  if (target === 'electron') await page.reload();
  else await page.goto(url);
  await expect(page.getByTestId('app-ready')).toBeAttached();
}

/**
 * Run a step that only a browser can take (a download, for one). On the electron target it is left
 * out, and the test gets a `skipped step` annotation saying which and why.
 */
export async function browserOnly(
  target: Target,
  step: string,
  run: () => Promise<void>,
): Promise<void> {
  if (target === 'web') return run();
  test.info().annotations.push({
    type: 'skipped step',
    description: `${step}: browser-only, left out on the ${target} target`,
  });
}
