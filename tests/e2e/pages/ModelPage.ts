/** The Model screen: the advisor in use, the LLM's state, loading a GGUF, the download. */
import type { Locator, Page } from '@playwright/test';

/** Reading and driving the model settings. */
export class ModelPage {
  readonly screen: Locator;
  /** "KG advisor (no model loaded)" / "LLM advisor: …"; `data-active` is kg or llm. */
  readonly activeAdvisor: Locator;
  /** The LLM's load state; `data-status` is none, loading, loaded or error. */
  readonly modelState: Locator;
  readonly pathInput: Locator;
  readonly loadButton: Locator;
  readonly unloadButton: Locator;
  readonly error: Locator;
  readonly latency: Locator;
  readonly downloadButton: Locator;
  readonly downloadPanel: Locator;
  readonly kgSummary: Locator;
  /** The loaded model's facts (shown once it loaded). */
  readonly modelName: Locator;
  /** `data-parameters` holds the exact count. */
  readonly parameters: Locator;
  readonly quantization: Locator;
  /** `data-instruct` is true or false. */
  readonly instruct: Locator;
  readonly backend: Locator;
  /** The plain warning shown for a model under 1B parameters. */
  readonly smallWarning: Locator;
  /** The advisor prompt: default or paper. */
  readonly promptSelect: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('model-screen');
    this.activeAdvisor = page.getByTestId('advisor-active');
    this.modelState = page.getByTestId('model-state');
    this.pathInput = page.getByTestId('model-path');
    this.loadButton = page.getByTestId('model-load');
    this.unloadButton = page.getByTestId('model-unload');
    this.error = page.getByTestId('model-error');
    this.latency = page.getByTestId('advisor-latency');
    this.downloadButton = page.getByTestId('model-download');
    this.downloadPanel = page.getByTestId('download-panel');
    this.kgSummary = page.getByTestId('kg-summary');
    this.modelName = page.getByTestId('model-name');
    this.parameters = page.getByTestId('model-parameters');
    this.quantization = page.getByTestId('model-quantization');
    this.instruct = page.getByTestId('model-instruct');
    this.backend = page.getByTestId('model-backend');
    this.smallWarning = page.getByTestId('model-small-warning');
    this.promptSelect = page.getByTestId('advisor-prompt');
  }

  /** Type a GGUF path and press Load. */
  async loadModel(path: string): Promise<void> {
    await this.pathInput.fill(path);
    await this.loadButton.click();
  }
}
