/** The Data screen's Live feed section: starting feeds and reading each feed's card. */
import { expect, type Locator, type Page } from '@playwright/test';

/** One feed's card (the newest of its kind unless picked otherwise). */
export class FeedCard {
  readonly state: Locator;
  readonly source: Locator;
  readonly token: Locator;
  readonly received: Locator;
  readonly accepted: Locator;
  readonly malformed: Locator;
  readonly alerts: Locator;
  readonly queued: Locator;
  readonly reasons: Locator;
  readonly examples: Locator;
  readonly note: Locator;
  readonly stopButton: Locator;

  constructor(readonly root: Locator) {
    this.state = root.getByTestId('feed-state');
    this.source = root.getByTestId('feed-source');
    this.token = root.getByTestId('feed-token');
    this.received = root.getByTestId('feed-received');
    this.accepted = root.getByTestId('feed-accepted');
    this.malformed = root.getByTestId('feed-malformed');
    this.alerts = root.getByTestId('feed-alerts');
    this.queued = root.getByTestId('feed-queued');
    this.reasons = root.getByTestId('feed-reasons');
    this.examples = root.getByTestId('feed-examples');
    this.note = root.getByTestId('feed-note');
    this.stopButton = root.getByTestId('feed-stop');
  }

  /** Count of a malformed reason in the reasons table. */
  reason(name: string): Locator {
    return this.reasons.locator(`tr[data-reason="${name}"] td.num`);
  }

  /** A counter's value as a number (commas removed; NaN for "–"). */
  async count(counter: Locator): Promise<number> {
    return Number(((await counter.textContent()) ?? '').replace(/,/g, ''));
  }

  /** The listener's port, read from the card's source (`tcp://127.0.0.1:4000`). */
  async port(): Promise<number> {
    const text = (await this.source.textContent()) ?? '';
    const m = /:(\d+)$/.exec(text);
    if (!m) throw new Error(`no port in the feed source "${text}"`);
    return Number(m[1]);
  }

  /** Stop the feed and wait for its final state. */
  async stop(): Promise<void> {
    await this.stopButton.click();
    await expect(this.root).toHaveAttribute('data-state', 'stopped');
  }
}

/** Starting feeds. */
export class FeedPage {
  readonly panel: Locator;
  readonly kind: Locator;
  readonly path: Locator;
  readonly rate: Locator;
  readonly loop: Locator;
  readonly fromStart: Locator;
  readonly host: Locator;
  readonly port: Locator;
  readonly startButton: Locator;
  readonly error: Locator;
  readonly cards: Locator;
  /** The list of feed cards; `data-loaded` is "true" once feed.list answered. */
  readonly list: Locator;

  constructor(readonly page: Page) {
    this.panel = page.getByTestId('live-feed');
    // The start form's fields, inside the form: a feed card shows its own "feed-rate" figure, and
    // feeds an earlier spec left on the shared host are listed beside the form.
    const form = page.getByTestId('feed-start-form');
    this.kind = form.getByTestId('feed-kind');
    this.path = form.getByTestId('feed-path');
    this.rate = form.getByTestId('feed-rate');
    this.loop = form.getByTestId('feed-loop');
    this.fromStart = form.getByTestId('feed-from-start');
    this.host = form.getByTestId('feed-host');
    this.port = form.getByTestId('feed-port');
    this.startButton = form.getByTestId('feed-start');
    this.error = form.getByTestId('feed-error');
    this.cards = page.getByTestId('feed-card');
    this.list = page.getByTestId('feed-list');
  }

  /** How many feed cards there are once the list has answered (a feed another spec left counts). */
  private async cardCount(): Promise<number> {
    await expect(this.list).toHaveAttribute('data-loaded', 'true');
    return this.cards.count();
  }

  /** The newest feed of a kind (cards are listed newest first). */
  card(kind: 'tail' | 'replay' | 'tcp' | 'http'): FeedCard {
    return new FeedCard(
      this.panel.locator(`[data-testid="feed-card"][data-kind="${kind}"]`).first(),
    );
  }

  /** Replay a CSV (a path on the host's machine) at `rate` rows/s. */
  async startReplay(path: string, rate: number, loop = false): Promise<FeedCard> {
    const before = await this.cardCount();
    await this.kind.selectOption('replay');
    await this.path.fill(path);
    await this.rate.fill(String(rate));
    await this.loop.setChecked(loop);
    await this.startButton.click();
    return this.started('replay', before);
  }

  /** Tail a CSV (a path on the host's machine). */
  async startTail(path: string, fromStart = false): Promise<FeedCard> {
    const before = await this.cardCount();
    await this.kind.selectOption('tail');
    await this.path.fill(path);
    await this.fromStart.setChecked(fromStart);
    await this.startButton.click();
    return this.started('tail', before);
  }

  /** Open a TCP or HTTP listener on the loopback address and any free port. */
  async startListener(kind: 'tcp' | 'http'): Promise<FeedCard> {
    const before = await this.cardCount();
    await this.kind.selectOption(kind);
    await this.startButton.click();
    return this.started(kind, before);
  }

  private async started(
    kind: 'tail' | 'replay' | 'tcp' | 'http',
    before: number,
  ): Promise<FeedCard> {
    await expect(this.cards).toHaveCount(before + 1);
    return this.card(kind);
  }
}
