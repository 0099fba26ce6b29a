/** The detector report screen. */
import type { Locator, Page } from '@playwright/test';

/** The report's tables and headline numbers. */
export class ReportPage {
  readonly report: Locator;
  readonly perClass: Locator;
  readonly classRows: Locator;
  readonly confusion: Locator;
  readonly confusionCells: Locator;
  readonly macroF1: Locator;
  readonly accuracy: Locator;

  constructor(readonly page: Page) {
    this.report = page.getByTestId('detector-report');
    this.perClass = page.getByTestId('report-per-class');
    this.classRows = page.getByTestId('report-class-row');
    this.confusion = page.getByTestId('confusion-matrix');
    this.confusionCells = page.getByTestId('confusion-cell');
    this.macroF1 = page.getByTestId('report-macro-f1');
    this.accuracy = page.getByTestId('report-accuracy');
  }
}
