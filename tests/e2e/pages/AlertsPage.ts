/** The alerts screen: the virtualised table, its controls and the signature panel. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Reading and driving the alerts table. */
export class AlertsPage {
  readonly screen: Locator;
  readonly table: Locator;
  readonly scroller: Locator;
  readonly rows: Locator;
  readonly total: Locator;
  readonly classFilter: Locator;
  readonly signatureDetail: Locator;
  readonly openReportButton: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('alerts-screen');
    this.table = page.getByTestId('alerts-table');
    this.scroller = page.getByTestId('alerts-scroll');
    this.rows = page.getByTestId('alert-row');
    this.total = page.getByTestId('alerts-total');
    this.classFilter = page.getByTestId('alerts-class-filter');
    this.signatureDetail = page.getByTestId('signature-detail');
    this.openReportButton = page.getByTestId('open-report');
  }

  /** Wait until the table knows its total and shows rows; returns the total. */
  async waitForRows(): Promise<number> {
    await expect(this.screen).toBeVisible();
    await expect(this.table).not.toHaveAttribute('data-total', '');
    await expect(this.rows.first()).toBeVisible();
    return Number(await this.table.getAttribute('data-total'));
  }

  /** The row with absolute index `i` (it must be rendered). */
  row(i: number): Locator {
    return this.page.locator(`[data-testid="alert-row"][data-index="${i}"]`);
  }

  /** Scroll the table to the very end. */
  async scrollToEnd(): Promise<void> {
    await this.scroller.evaluate((el) => {
      el.scrollTop = el.scrollHeight;
    });
  }

  /** Open the detector report from this screen (one click). */
  async openReport(): Promise<void> {
    await this.openReportButton.click();
  }
}
