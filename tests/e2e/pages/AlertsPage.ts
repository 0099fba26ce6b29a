/**
 * The alerts screen: the virtualised table, its filters and sort, the signature groups, bulk
 * actions and the detail panel.
 */
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
  readonly search: Locator;
  readonly minConfidence: Locator;
  readonly maxConfidence: Locator;
  readonly confidenceError: Locator;
  readonly actionFilter: Locator;
  /** Risk filter (a minimum P wrong) and the "needs review only" box. */
  readonly riskFilter: Locator;
  readonly needsReviewFilter: Locator;
  /** The active signature filter; `data-signature-id` holds its id. */
  readonly signatureChip: Locator;
  readonly signatureChipRemove: Locator;
  readonly clearFiltersButton: Locator;
  /** The view switch: the aggregated queue (default) and the flat list of flows. */
  readonly queueViewButton: Locator;
  readonly flowsViewButton: Locator;
  /** The source filter (every dataset and live feed, or one). */
  readonly sourceFilter: Locator;
  /** The queue list; `data-total` is its group count once answered. */
  readonly queue: Locator;
  readonly queueTotal: Locator;
  /** One group; `data-key`, `data-signature-id`, `data-alerts`, `data-pending`, `data-class`. */
  readonly groupRows: Locator;
  readonly groupPanel: Locator;
  readonly showBenign: Locator;
  readonly lastDecision: Locator;
  readonly queueLastDecision: Locator;
  /** The alert detail's graph section and the compact KG view in it. */
  readonly detailGraph: Locator;

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
    this.search = page.getByTestId('alerts-search');
    this.minConfidence = page.getByTestId('alerts-min-confidence');
    this.maxConfidence = page.getByTestId('alerts-max-confidence');
    this.confidenceError = page.getByTestId('alerts-confidence-error');
    this.actionFilter = page.getByTestId('alerts-action-filter');
    this.riskFilter = page.getByTestId('alerts-risk-filter');
    this.needsReviewFilter = page.getByTestId('alerts-needs-review-filter');
    this.signatureChip = page.getByTestId('alerts-signature-chip');
    this.signatureChipRemove = page.getByTestId('alerts-signature-chip-remove');
    this.clearFiltersButton = page.getByTestId('alerts-clear-filters');
    this.queueViewButton = page.getByTestId('alerts-view-queue');
    this.flowsViewButton = page.getByTestId('alerts-view-flows');
    this.sourceFilter = page.getByTestId('alerts-source-filter');
    this.queue = page.getByTestId('queue');
    this.queueTotal = page.getByTestId('queue-total');
    this.groupRows = page.getByTestId('queue-group');
    this.groupPanel = page.getByTestId('group-panel');
    this.showBenign = page.getByTestId('queue-show-benign');
    this.lastDecision = page.getByTestId('last-decision');
    this.queueLastDecision = page.getByTestId('queue-last-decision');
    this.detailGraph = page.getByTestId('detail-graph');
  }

  /**
   * Wait until the table shows the answer of a query whose total is `total` (the pager of the new
   * query has answered); returns the rows rendered then.
   */
  async waitForTotal(total: number): Promise<number> {
    await this.showFlows();
    await expect(this.table).toHaveAttribute('data-total', String(total));
    if (total > 0) await expect(this.rows.first()).toBeVisible();
    else await expect(this.page.getByTestId('alerts-empty')).toBeVisible();
    return this.rows.count();
  }

  /** Type a confidence range (empty string: unbounded); it applies after the debounce. */
  async setConfidence(min: string, max: string): Promise<void> {
    await this.minConfidence.fill(min);
    await this.maxConfidence.fill(max);
  }

  /** Type a search; it applies after the debounce. */
  async searchFor(text: string): Promise<void> {
    await this.search.fill(text);
  }

  /** Sort by a column through its header (a second click flips the direction). */
  async sortBy(
    key: 'id' | 'confidence' | 'class' | 'action' | 'probability' | 'risk' | 'reward',
  ): Promise<void> {
    await this.table.getByTestId(`sort-${key}`).click();
  }

  /** Alert ids of the rendered rows, in index order. */
  async renderedIds(): Promise<number[]> {
    const rows = await this.rows.evaluateAll((els) =>
      els.map((e) => ({
        index: Number(e.getAttribute('data-index')),
        id: Number(e.getAttribute('data-alert-id')),
      })),
    );
    return rows.sort((a, b) => a.index - b.index).map((r) => r.id);
  }

  /** A `data-*` attribute of every rendered row (or of a test id inside each row). */
  async rowValues(attr: string, testId?: string): Promise<string[]> {
    const cells = testId ? this.rows.getByTestId(testId) : this.rows;
    return cells.evaluateAll(
      (els, name) => els.map((e) => e.getAttribute(name) ?? ''),
      `data-${attr}`,
    );
  }

  /** Switch to the flat list of flows (the screen opens on the aggregated queue). */
  async showFlows(): Promise<void> {
    await expect(this.screen).toBeVisible();
    if ((await this.screen.getAttribute('data-view')) !== 'flows')
      await this.flowsViewButton.click();
    await expect(this.screen).toHaveAttribute('data-view', 'flows');
  }

  /** Switch to the queue and wait for its first answer; returns the groups listed. */
  async showQueue(): Promise<number> {
    await expect(this.screen).toBeVisible();
    if ((await this.screen.getAttribute('data-view')) !== 'queue')
      await this.queueViewButton.click();
    await expect(this.queueTotal).not.toHaveAttribute('data-total', '');
    return Number(await this.queueTotal.getAttribute('data-total'));
  }

  /** Every rendered group as its data attributes. */
  async groupValues(): Promise<
    {
      key: string;
      signatureId: number;
      alerts: number;
      pending: number;
      cls: string;
      index: number;
    }[]
  > {
    return this.groupRows.evaluateAll((els) =>
      els
        .map((e) => ({
          key: e.getAttribute('data-key') ?? '',
          signatureId: Number(e.getAttribute('data-signature-id')),
          alerts: Number(e.getAttribute('data-alerts')),
          pending: Number(e.getAttribute('data-pending')),
          cls: e.getAttribute('data-class') ?? '',
          index: Number(e.getAttribute('data-index')),
        }))
        .sort((a, b) => a.index - b.index),
    );
  }

  /** Wait until the table knows its total and shows rows; returns the total. */
  async waitForRows(): Promise<number> {
    await expect(this.screen).toBeVisible();
    await this.showFlows();
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
