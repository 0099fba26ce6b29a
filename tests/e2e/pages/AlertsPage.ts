/** The alerts screen: the virtualised table, its controls, bulk actions and the detail panel. */
import { expect, type Locator, type Page } from '@playwright/test';
import { AlertDetail } from './AlertDetail';

/** Reading and driving the alerts table. */
export class AlertsPage {
  readonly screen: Locator;
  readonly table: Locator;
  readonly scroller: Locator;
  readonly rows: Locator;
  readonly total: Locator;
  readonly classFilter: Locator;
  readonly statusFilter: Locator;
  /** The detail panel of the selected alert (its test id predates the recommendations). */
  readonly signatureDetail: Locator;
  readonly detail: AlertDetail;
  readonly openReportButton: Locator;
  readonly bulkCount: Locator;
  readonly bulkNote: Locator;
  readonly bulkApproveButton: Locator;
  readonly bulkResult: Locator;
  readonly bulkError: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('alerts-screen');
    this.table = page.getByTestId('alerts-table');
    this.scroller = page.getByTestId('alerts-scroll');
    this.rows = page.getByTestId('alert-row');
    this.total = page.getByTestId('alerts-total');
    this.classFilter = page.getByTestId('alerts-class-filter');
    this.statusFilter = page.getByTestId('alerts-status-filter');
    this.signatureDetail = page.getByTestId('signature-detail');
    this.detail = new AlertDetail(this.signatureDetail);
    this.openReportButton = page.getByTestId('open-report');
    this.bulkCount = page.getByTestId('bulk-count');
    this.bulkNote = page.getByTestId('bulk-note');
    this.bulkApproveButton = page.getByTestId('bulk-approve');
    this.bulkResult = page.getByTestId('bulk-result');
    this.bulkError = page.getByTestId('bulk-error');
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

  /** The rendered row of alert `id`. */
  rowOf(id: number): Locator {
    return this.page.locator(`[data-testid="alert-row"][data-alert-id="${id}"]`);
  }

  /** The first rendered row whose status is pending. */
  firstPending(): Locator {
    return this.page.locator('[data-testid="alert-row"][data-status="pending"]').first();
  }

  /** Alert id of a row. */
  async alertId(row: Locator): Promise<number> {
    return Number(await row.getAttribute('data-alert-id'));
  }

  /** Click a row and wait until the detail panel shows its alert; returns the alert id. */
  async open(row: Locator): Promise<number> {
    const id = await this.alertId(row);
    await row.click();
    await expect(this.signatureDetail).toHaveAttribute('data-alert-id', String(id));
    await expect(this.detail.heading).toContainText(`Alert #${id}`);
    return id;
  }

  /** Tick a row's checkbox; with `shift`, tick the range from the last ticked row. */
  async tick(row: Locator, opts: { shift?: boolean } = {}): Promise<void> {
    await row.getByTestId('alert-check').click({ modifiers: opts.shift ? ['Shift'] : [] });
  }

  /** Approve every ticked alert with one note. */
  async bulkApprove(note: string): Promise<void> {
    await this.bulkNote.fill(note);
    await this.bulkApproveButton.click();
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
