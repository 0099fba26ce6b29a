/** The Audit screen: the chain state, the filters, the table and its pager; and the header's analyst. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Driving the Audit screen. */
export class AuditPage {
  /** The header's "recorded as" name (every screen). */
  readonly analystName: Locator;
  readonly screen: Locator;
  /** The chain verdict; `data-intact` is "true" or "false". */
  readonly chain: Locator;
  readonly actorFilter: Locator;
  readonly actionFilter: Locator;
  readonly alertFilter: Locator;
  readonly groupFilter: Locator;
  readonly rows: Locator;
  /** "Rows 1–N of T"; `data-total` holds T. */
  readonly range: Locator;

  constructor(readonly page: Page) {
    this.analystName = page.getByTestId('analyst-name');
    this.screen = page.getByTestId('audit-screen');
    this.chain = page.getByTestId('audit-chain');
    this.actorFilter = page.getByTestId('audit-filter-actor');
    this.actionFilter = page.getByTestId('audit-filter-action');
    this.alertFilter = page.getByTestId('audit-filter-alert');
    this.groupFilter = page.getByTestId('audit-filter-group');
    this.rows = page.getByTestId('audit-row');
    this.range = page.getByTestId('audit-range');
  }

  /** Open the screen from its header tab and wait for its first page. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-audit').click();
    await expect(this.screen).toBeVisible();
    await expect(this.range).toBeVisible();
  }

  /** The row of audit subject `subject` (e.g. `alert:12`). */
  rowOf(subject: string): Locator {
    return this.rows.filter({
      has: this.page.locator('td', { hasText: new RegExp(`^${subject}$`) }),
    });
  }

  /** The analysts of the rows shown. */
  async actors(): Promise<string[]> {
    return this.rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-actor') ?? ''));
  }

  /** The total the range line reports. */
  async total(): Promise<number> {
    return Number(await this.range.getAttribute('data-total'));
  }
}
