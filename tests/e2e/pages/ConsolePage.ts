/** The whole console: opening it, the ready marker, the header and the tabs. */
import type { Locator, Page } from '@playwright/test';
import { openConsole, type Target } from '../support/target';

/** Header-level actions shared by every screen. */
export class ConsolePage {
  readonly ready: Locator;
  readonly datasetPicker: Locator;
  readonly connection: Locator;
  readonly advisorChip: Locator;

  constructor(
    readonly page: Page,
    readonly target: Target,
  ) {
    this.ready = page.getByTestId('app-ready');
    this.datasetPicker = page.getByTestId('dataset-picker');
    this.connection = page.getByTestId('connection');
    this.advisorChip = page.getByTestId('header-advisor');
  }

  /**
   * Open the console afresh and wait until it has listed datasets: at the host's URL (web), or by
   * reloading the app's window (electron, whose window may not navigate to the host).
   */
  async open(url: string): Promise<void> {
    await openConsole(this.page, this.target, url);
  }

  /** Show dataset `id` (picked in the header). */
  async pickDataset(id: number): Promise<void> {
    await this.datasetPicker.selectOption(String(id));
  }

  /** Switch screens through the header tabs. */
  async nav(screen: 'data' | 'alerts' | 'report' | 'model'): Promise<void> {
    await this.page.getByTestId(`nav-${screen}`).click();
  }
}
