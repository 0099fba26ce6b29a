/** The Model screen's Automation section: per-class auto-approve switches and thresholds. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Reading and driving the auto-approve form. */
export class AutomationPanel {
  readonly panel: Locator;
  readonly note: Locator;
  /** One per class; `data-class` is its name, `data-on` true or false. */
  readonly rows: Locator;
  readonly saveButton: Locator;
  readonly saved: Locator;
  /** Why Save was refused (invalid thresholds). */
  readonly refused: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('automation-panel');
    this.note = page.getByTestId('automation-note');
    this.rows = page.getByTestId('automation-row');
    this.saveButton = page.getByTestId('automation-save');
    this.saved = page.getByTestId('automation-saved');
    this.refused = page.getByTestId('automation-refused');
    this.error = page.getByTestId('automation-error');
  }

  /** The row of one class. */
  row(cls: string): Locator {
    return this.panel.locator(`[data-testid="automation-row"][data-class="${cls}"]`);
  }

  switchOf(cls: string): Locator {
    return this.row(cls).getByTestId('automation-switch');
  }

  thresholdOf(cls: string): Locator {
    return this.row(cls).getByTestId('automation-threshold');
  }

  rowErrorOf(cls: string): Locator {
    return this.row(cls).getByTestId('automation-row-error');
  }

  /** Wait until the saved thresholds are loaded and the rows are shown. */
  async waitLoaded(): Promise<void> {
    await expect(this.rows.first()).toBeVisible();
  }

  /** Switch a class on and type its threshold. */
  async setThreshold(cls: string, value: string): Promise<void> {
    await this.switchOf(cls).check();
    await this.thresholdOf(cls).fill(value);
  }

  /** Switch a class off. */
  async turnOff(cls: string): Promise<void> {
    await this.switchOf(cls).uncheck();
  }

  /** Press Save and wait for the confirmation. */
  async save(): Promise<void> {
    await this.saveButton.click();
    await expect(this.saved).toBeVisible();
  }
}
