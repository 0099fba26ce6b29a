/** The Graph screen: the KG canvas, its summary and misclassification matrix, the filtered queue. */
import { expect, type Locator, type Page } from '@playwright/test';

/** Reading and driving the KG view. */
export class KgPage {
  readonly screen: Locator;
  /** The panel; `data-mode` is whole or neighbourhood. */
  readonly view: Locator;
  /** The canvas wrapper; `data-nodes` / `data-edges` are what is drawn, `data-layout` done when settled. */
  readonly canvas: Locator;
  /** The element cytoscape draws into. */
  readonly cyHost: Locator;
  /** Counts of the shown view: `data-nodes`, `data-edges`, `data-misclassified`, `data-version`. */
  readonly summary: Locator;
  readonly wholeToggle: Locator;
  readonly fitButton: Locator;
  /** The filtered queue; `data-filter` is `signature:<id>` or `class:<name>`, `data-total` its size. */
  readonly queue: Locator;
  readonly queueRows: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('kg-screen');
    this.view = page.getByTestId('kg-view');
    this.canvas = page.getByTestId('kg-canvas');
    this.cyHost = page.getByTestId('kg-cy');
    this.summary = page.getByTestId('kg-summary');
    this.wholeToggle = page.getByTestId('kg-whole-toggle');
    this.fitButton = page.getByTestId('kg-fit');
    this.queue = page.getByTestId('kg-queue');
    this.queueRows = page.getByTestId('kg-queue-row');
    this.error = page.getByTestId('kg-error');
  }

  /** Open the Graph screen from the header. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-graph').click();
    await expect(this.screen).toBeVisible();
  }

  /** Wait until the canvas has laid out `nodes` nodes (any number above 0 when omitted). */
  async waitForLayout(nodes?: number): Promise<number> {
    if (nodes === undefined) await expect(this.canvas).not.toHaveAttribute('data-nodes', '0');
    else await expect(this.canvas).toHaveAttribute('data-nodes', String(nodes));
    await expect(this.canvas).toHaveAttribute('data-layout', 'done');
    return Number(await this.canvas.getAttribute('data-nodes'));
  }

  /**
   * Click node `key` on the canvas. Its position comes from the cytoscape instance cytoscape
   * registers on its container (`_cyreg`): the canvas itself has no DOM to aim at.
   */
  async clickNode(key: string): Promise<void> {
    const pos = await this.cyHost.evaluate((el, id) => {
      type Cy = {
        $id(id: string): { empty(): boolean; renderedPosition(): { x: number; y: number } };
      };
      const cy = (el as unknown as { _cyreg?: { cy?: Cy } })._cyreg?.cy;
      const node = cy?.$id(id);
      return node && !node.empty() ? node.renderedPosition() : null;
    }, key);
    if (!pos) throw new Error(`node ${key} is not on the canvas`);
    const box = await this.cyHost.boundingBox();
    if (!box) throw new Error('the KG canvas is not visible');
    await this.page.mouse.click(box.x + pos.x, box.y + pos.y);
  }
}
