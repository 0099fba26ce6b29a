/** The Alerts toolbar's Export menu: the four exports and the "Wrote N rows to <path>" line. */
import { expect, type Download, type Locator, type Page } from '@playwright/test';
import { basename } from 'node:path';
import type { Target } from '../support/target';

/** One entry of the menu (its `data-choice`). */
export type ExportChoiceKey = 'decisions-csv' | 'decisions-json' | 'audit-csv' | 'audit-json';

/** An exported file as the analyst gets it. */
export interface ExportedFile {
  /** Its file name. */
  name: string;
  /** Where it is on this machine. */
  path: string;
}

/** Driving the menu and reading its outcome. */
export class ExportMenu {
  readonly button: Locator;
  readonly choices: Locator;
  /** "Wrote N rows to <path>"; `data-rows` holds N. */
  readonly result: Locator;
  readonly error: Locator;

  constructor(
    readonly page: Page,
    readonly target: Target,
  ) {
    this.button = page.getByTestId('export-button');
    this.choices = page.getByTestId('export-choice');
    this.result = page.getByTestId('export-result');
    this.error = page.getByTestId('export-error');
  }

  /** Open the menu and pick an export. */
  async choose(choice: ExportChoiceKey): Promise<void> {
    await this.button.click();
    await this.page.locator(`[data-testid="export-choice"][data-choice="${choice}"]`).click();
  }

  /** Pick an export and wait for the file the browser downloads (headless host only). */
  async download(choice: ExportChoiceKey): Promise<Download> {
    const download = this.page.waitForEvent('download');
    await this.choose(choice);
    return download;
  }

  /**
   * Pick an export and return the file the analyst gets: the browser's download (web), or the file
   * the core wrote at the path the result line shows (electron, where nothing is downloaded).
   */
  async exportFile(choice: ExportChoiceKey): Promise<ExportedFile> {
    if (this.target === 'web') {
      const download = await this.download(choice);
      return { name: download.suggestedFilename(), path: await download.path() };
    }
    await this.choose(choice);
    // The line of this export: its file starts with the kind and ends with the format.
    const [kind, format] = choice.split('-') as [string, string];
    const shown = new RegExp(`(^|[\\/])${kind}-[^\\/]*\\.${format}$`);
    await expect(this.result).toHaveAttribute('title', shown);
    const path = (await this.result.getAttribute('title')) ?? '';
    return { name: basename(path), path };
  }

  /** N of the last "Wrote N rows" line. */
  async rows(): Promise<number> {
    return Number(await this.result.getAttribute('data-rows'));
  }
}
