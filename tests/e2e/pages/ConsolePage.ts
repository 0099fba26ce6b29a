/** The whole console: opening it, the ready marker, the header and the tabs. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Header-level actions shared by every screen. */
export class ConsolePage {
  readonly ready: Locator;
  readonly datasetPicker: Locator;
  readonly connection: Locator;
  readonly advisorChip: Locator;

  constructor(readonly page: Page) {
    this.ready = page.getByTestId('app-ready');
    this.datasetPicker = page.getByTestId('dataset-picker');
    this.connection = page.getByTestId('connection');
    this.advisorChip = page.getByTestId('header-advisor');
  }

  /** Open the console at the host's URL and wait until it has listed datasets. */
  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.ready).toBeAttached();
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
