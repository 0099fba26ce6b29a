/** The data screen: demo load, CSV load, the job's progress bar and summary. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Loads and the job they start. */
export class DataPage {
  readonly screen: Locator;
  readonly csvInput: Locator;
  readonly loadDemoButton: Locator;
  readonly progress: Locator;
  readonly progressBar: Locator;
  readonly summary: Locator;
  readonly cancelButton: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('data-screen');
    this.csvInput = page.getByTestId('csv-input');
    this.loadDemoButton = page.getByTestId('load-demo');
    this.progress = page.getByTestId('job-progress');
    this.progressBar = page.getByTestId('job-bar');
    this.summary = page.getByTestId('job-summary');
    this.cancelButton = page.getByTestId('job-cancel');
  }

  /** Pick CSV files in the file input (the browser uploads them, then the core loads them). */
  async loadCsv(...paths: string[]): Promise<void> {
    await expect(this.screen).toBeVisible();
    await this.csvInput.setInputFiles(paths);
  }

  /** Start the built-in demo dataset load. */
  async loadDemo(): Promise<void> {
    await this.loadDemoButton.click();
  }

  /** Wait for the job's bar to show, then to finish successfully (failing fast with the job's error). */
  async waitForJobDone(timeout = 150_000): Promise<void> {
    await expect(this.progress).toBeVisible();
    await expect(this.progress).not.toHaveAttribute('data-state', 'running', { timeout });
    const state = await this.progress.getAttribute('data-state');
    if (state !== 'done') {
      const error = (await this.summary.textContent()) ?? '(no summary)';
      throw new Error(`the load job ended ${state}: ${error}`);
    }
    await expect(this.progressBar).toHaveAttribute('aria-valuenow', '100');
    await expect(this.summary).toHaveAttribute('data-status', 'ok');
  }

  /** Go to the alerts of the dataset just loaded. */
  async viewAlerts(): Promise<void> {
    await this.page.getByTestId('view-alerts').click();
  }
}
