/**
 * The console stays responsive under a live feed and at a million alerts: the feed bench (10k
 * flows/s over TCP, no flow lost) with the real console open in Debian's Chromium on the Alerts
 * screen's aggregated queue (its default view), recording every animation frame's duration in the
 * page (requestAnimationFrame deltas) while the flows and their alerts.changed refreshes stream in;
 * then, with every alert stored (100 s at 10k/s = 1M), the queue and the flat list are scrolled
 * end to end, a step per frame, recording frames again. Goal: p95 frame time < 50 ms in each.
 *
 *   node --import tsx scripts/bench/ui-feed.ts [--seconds 100] [--rate 10000]
 *
 * prints one JSON line. RAMPART_CHROMIUM overrides the browser (default /usr/bin/chromium).
 */
import { chromium } from '@playwright/test';
import { pathToFileURL } from 'node:url';
import { createHeadlessHost } from '../../src/main/transports/server';
import { benchFeed, type FeedBenchOptions } from './feed';

/** Records every frame's duration into window.__frames until __stopFrames is set. */
export const RECORDER = `(() => {
  window.__frames = [];
  let last = performance.now();
  const tick = (t) => {
    window.__frames.push(t - last);
    last = t;
    if (!window.__stopFrames) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

/** Frame statistics measured in the page. */
export interface FrameStats {
  frames: number;
  /** Frames per second over the measurement. */
  fps: number;
  frameMs: { p50: number; p95: number; p99: number; max: number };
  /** Frames longer than 50 ms. */
  over50ms: number;
  /** What the screen showed at the end (the queue's groups and alerts, or the list's total). */
  alertsShown: string | null;
}

/** Frames while scrolling one list at the end of the feed. */
export interface ScrollStats extends FrameStats {
  /** Scroll steps taken and rows the list holds. */
  steps: number;
  rows: string | null;
}

/** Scrolls an element a step per animation frame for `ms`, recording each frame's duration. */
const SCROLLER = (testId: string, ms: number) => `new Promise((resolve) => {
  const el = document.querySelector('[data-testid="${testId}"]');
  const frames = [];
  let last = performance.now();
  const start = last;
  let steps = 0;
  const tick = (t) => {
    frames.push(t - last);
    last = t;
    if (el) {
      el.scrollTop = ((steps * 997) % 200) * (el.scrollHeight - el.clientHeight) / 200;
      steps++;
    }
    if (t - start < ${ms}) requestAnimationFrame(tick);
    else resolve({ frames: frames.slice(1), steps });
  };
  requestAnimationFrame(tick);
})`;

/** Frame statistics of recorded frame durations. */
export function frameStats(frames: number[], shown: string | null): FrameStats {
  const sorted = Float64Array.from(frames).sort();
  const q = (p: number) =>
    Math.round((sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN) * 10) /
    10;
  const total = frames.reduce((a, b) => a + b, 0);
  return {
    frames: frames.length,
    fps: Math.round((frames.length / total) * 1000 * 10) / 10,
    frameMs: { p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) },
    over50ms: frames.filter((f) => f > 50).length,
    alertsShown: shown,
  };
}

/** Run the feed bench with the console open; returns its result with `during: FrameStats`. */
export async function benchUiFeed(options: Partial<FeedBenchOptions> = {}) {
  return benchFeed({
    ...options,
    during: async (svc, feed) => {
      const host = await createHeadlessHost({ service: svc, port: 0 });
      const browser = await chromium.launch({
        executablePath: process.env['RAMPART_CHROMIUM'] ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      });
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(host.url);
      await page.getByTestId('app-ready').waitFor({ state: 'attached', timeout: 60_000 });
      await page.getByTestId('nav-alerts').click();
      await page.getByTestId('dataset-picker').selectOption(String(feed.datasetId));
      // A string, not a function: tsx's name-keeping helper does not exist in the page.
      await page.evaluate(RECORDER);
      return async () => {
        const frames = (await page.evaluate(
          '(() => { window.__stopFrames = true; return window.__frames.slice(1); })()',
        )) as number[];
        const text = (id: string) =>
          page
            .getByTestId(id)
            .textContent()
            .catch(() => null);
        const during = frameStats(frames, await text('queue-total'));
        // The core's grouping of every stored alert, computed afresh (a sort not asked before).
        const t = performance.now();
        const all = await svc.handlers['alerts.queue'](
          {
            hideBenign: false,
            pendingOnly: false,
            sort: 'firstSeen',
            desc: true,
            offset: 0,
            limit: 200,
          },
          { actor: 'bench' },
        );
        const grouping = {
          groups: all.total,
          alerts: all.alerts,
          ms: Math.round(performance.now() - t),
        };
        // Every alert stored: scroll the queue (the grouping of all of them), then the flat list.
        await page.getByTestId('queue-show-benign').check();
        await page.getByTestId('queue-group').first().waitFor({ timeout: 120_000 });
        const scroll = async (testId: string, rows: string): Promise<ScrollStats> => {
          const r = (await page.evaluate(SCROLLER(testId, 8000))) as {
            frames: number[];
            steps: number;
          };
          return { ...frameStats(r.frames, null), steps: r.steps, rows: await text(rows) };
        };
        const scrollQueue = await scroll('queue-scroll', 'queue-total');
        await page.getByTestId('alerts-view-flows').click();
        await page.getByTestId('alert-row').first().waitFor({ timeout: 120_000 });
        const scrollFlows = await scroll('alerts-scroll', 'alerts-total');
        await browser.close();
        await host.close();
        return { ...during, grouping, scrollQueue, scrollFlows };
      };
    },
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const num = (name: string): number | undefined => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  const opts: Partial<FeedBenchOptions> = {};
  if (num('seconds') !== undefined) opts.seconds = num('seconds')!;
  if (num('rate') !== undefined) opts.rate = num('rate')!;
  console.log(JSON.stringify({ ...(await benchUiFeed(opts)), phase: 'ui-feed' }));
}
