/** The training dashboard: the method and hyperparameter form, the live run, the evaluation. */
import { expect, type Locator, type Page } from '@playwright/test';
import type { Method } from '../../../src/shared/learner';

/** The methods of the comparison, as the form lists them. */
export type TrainingMethod = Method;

/** Reading and driving the Training screen. */
export class TrainingPage {
  readonly screen: Locator;
  readonly startButton: Locator;
  readonly pauseButton: Locator;
  readonly resumeButton: Locator;
  readonly stopButton: Locator;
  readonly install: Locator;
  /** The run's state; `data-state` is running, paused, stopped, completed or failed. */
  readonly state: Locator;
  /** `data-phase`: preparing, pretrain, rl, supervised, evaluating or done. */
  readonly phase: Locator;
  /** "done / total"; `data-episodes` holds the count. */
  readonly episodes: Locator;
  /** The reward curve's SVG; `data-points` holds its point count. */
  readonly curve: Locator;
  readonly backend: Locator;
  readonly losses: Locator;
  readonly evaluation: Locator;
  readonly classRows: Locator;
  readonly rightWrongChart: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.screen = page.getByTestId('training-screen');
    this.startButton = page.getByTestId('training-start');
    this.pauseButton = page.getByTestId('training-pause');
    this.resumeButton = page.getByTestId('training-resume');
    this.stopButton = page.getByTestId('training-stop');
    this.install = page.getByTestId('training-install');
    this.state = page.getByTestId('training-state');
    this.phase = page.getByTestId('training-phase');
    this.episodes = page.getByTestId('training-episodes');
    this.curve = page.getByTestId('training-curve');
    this.backend = page.getByTestId('training-backend');
    this.losses = page.getByTestId('training-losses');
    this.evaluation = page.getByTestId('training-eval');
    this.classRows = page.getByTestId('eval-class-row');
    this.rightWrongChart = page.getByTestId('right-wrong-chart');
    this.error = page.getByTestId('training-error');
  }

  /** Open the screen through the header tab. */
  async open(): Promise<void> {
    await this.page.getByTestId('nav-training').click();
    await expect(this.screen).toBeVisible();
  }

  /** Pick a method and type hyperparameters (by config key, e.g. passes, rolloutSize). */
  async configure(method: TrainingMethod, fields: Record<string, string | number>): Promise<void> {
    await this.page.getByTestId(`training-method-${method}`).locator('input').check();
    for (const [key, value] of Object.entries(fields))
      await this.page.getByTestId(`training-field-${key}`).fill(String(value));
  }

  /** Episodes done, as the counter shows them. */
  async episodesDone(): Promise<number> {
    return Number(await this.episodes.getAttribute('data-episodes'));
  }

  /** Points on the reward curve. */
  async curvePoints(): Promise<number> {
    return Number(await this.curve.getAttribute('data-points'));
  }
}
