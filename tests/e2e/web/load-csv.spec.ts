/** The analyst's first run: load a CSV, watch it load, read the alerts, open the detector report. */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { screenshotPath } from '../support/paths';
import { NEEDS_SAMPLE, sampleFiles } from '../support/realData';
import { sampleCsv } from '../support/server';
import { browserOnly } from '../support/target';

test('load a CSV through the UI, browse alerts with confidence, open the detector report', async ({
  page,
  target,
  server,
  consolePage,
  dataPage,
  alertsPage,
  reportPage,
}) => {
  const csv = sampleCsv(server.dir);
  test.info().annotations.push({
    type: 'csv',
    description: `${csv.path}${csv.real ? ' (real CICIDS2017 sample)' : ' (generated demo)'}`,
  });

  await consolePage.open(server.url);
  await browserOnly(target, 'the token leaves the address bar', async () => {
    // The token moved to sessionStorage (the app's window talks IPC and has no token).
    expect(page.url()).not.toContain('token=');
  });
  await consolePage.nav('data');

  await dataPage.loadCsv(csv.path);
  await dataPage.waitForJobDone();
  await expect(page.getByTestId('rows-stored')).not.toHaveText('0');
  await page.screenshot({ path: screenshotPath('web-01-csv-loaded'), fullPage: true });

  await dataPage.viewAlerts();
  const total = await alertsPage.waitForRows();
  expect(total).toBeGreaterThan(0);

  const first = alertsPage.rows.first();
  await expect(first.getByTestId('predicted-class')).not.toBeEmpty();
  const confidence = first.getByTestId('confidence');
  await expect(confidence).toHaveText(/^[01]\.\d{3}$/);
  const mean = Number(await confidence.textContent());
  const interval = first.getByTestId('confidence-interval');
  await expect(interval).toBeVisible();
  const lo = Number(await interval.getAttribute('data-lo'));
  const hi = Number(await interval.getAttribute('data-hi'));
  expect(lo).toBeLessThanOrEqual(mean + 5e-4);
  expect(hi).toBeGreaterThanOrEqual(mean - 5e-4);
  expect(hi).toBeLessThanOrEqual(1);

  await first.click();
  await expect(alertsPage.signatureDetail).toBeVisible();
  await expect(page.getByTestId('signature-n')).toHaveText(/^[\d,]+$/);
  await page.screenshot({ path: screenshotPath('web-02-alerts'), fullPage: true });

  await alertsPage.openReport();
  await expect(reportPage.report).toBeVisible();
  await expect(reportPage.perClass).toBeVisible();
  const classes = await reportPage.classRows.count();
  expect(classes).toBeGreaterThan(1);
  await expect(reportPage.confusion).toBeVisible();
  await expect(reportPage.confusionCells).toHaveCount(classes * classes);
  await expect(reportPage.macroF1).toHaveText(/^\d+\.\d{2}%$/);
  await expect(reportPage.accuracy).toHaveText(/^\d+\.\d{2}%$/);
  await page.screenshot({ path: screenshotPath('web-03-detector-report'), fullPage: true });
});

/** What the job panel showed, each time it changed: state, phase, ETA, ms since recording began. */
interface PanelSeen {
  state: string | null;
  phase: string | null;
  eta: string | null;
  pending: boolean;
  ms: number;
}

/** The little of the page's DOM the recorder uses (this tsconfig has no DOM types). */
interface PanelElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PanelElement | null;
}
interface PageGlobals {
  __panel?: PanelSeen[];
  document: PanelElement & { body: unknown };
  MutationObserver: new (callback: () => void) => {
    observe(target: unknown, options: Record<string, boolean>): void;
  };
}

/**
 * Record every change of the job panel from now on (a MutationObserver in the page, so no change
 * is missed between two polls); `seen()` returns them.
 */
async function recordPanel(page: Page): Promise<{ seen(): Promise<PanelSeen[]> }> {
  await page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals;
    const seen: PanelSeen[] = [];
    g.__panel = seen;
    const t0 = performance.now();
    const look = () => {
      const panel = g.document.querySelector('[data-testid="job-progress"]');
      const eta = panel?.querySelector('[data-testid="job-eta"]');
      const now: PanelSeen = {
        state: panel?.getAttribute('data-state') ?? null,
        phase:
          panel?.querySelector('[data-testid="job-phase"]')?.getAttribute('data-phase') ?? null,
        eta: eta ? (eta.getAttribute('data-eta') ?? '') : null,
        pending: panel?.getAttribute('data-pending') === 'true',
        ms: performance.now() - t0,
      };
      const last = seen[seen.length - 1];
      if (
        !last ||
        last.state !== now.state ||
        last.phase !== now.phase ||
        last.eta !== now.eta ||
        last.pending !== now.pending
      )
        seen.push(now);
    };
    new g.MutationObserver(look).observe(g.document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
  });
  return {
    seen: () =>
      page.evaluate(() => {
        return (globalThis as unknown as PageGlobals).__panel ?? [];
      }),
  };
}

test('progress shows as soon as files are picked; an excluded class the load named is kept with one click', async ({
  page,
  consolePage,
  dataPage,
  server,
}) => {
  const files = sampleFiles(['Botnet_736.csv', 'BENIGN_5000.csv']);
  test.skip(files === null, NEEDS_SAMPLE);
  await consolePage.open(server.url);
  await consolePage.nav('data');
  await expect(page.getByTestId('extra-classes-input')).toHaveValue('');

  // Picked: the panel is there at once, before the upload and the job's first event.
  let panel = await recordPanel(page);
  await dataPage.loadCsv(...files!);
  await dataPage.waitForJobDone();
  const first = await panel.seen();
  const shown = first.find((s) => s.state !== null);
  expect(shown).toMatchObject({ state: 'running', pending: true, phase: 'starting' });
  expect(shown!.ms).toBeLessThan(1000);
  expect(first.some((s) => !s.pending && s.state === 'running' && s.eta !== null)).toBe(true);

  // The skip report names Bot (the 736 Botnet rows) and offers it as a choice.
  await expect(page.getByTestId('excluded-note')).toContainText('Bot 736');
  await expect(page.getByTestId('job-summary')).not.toContainText('extraClasses');
  const choice = page.locator('[data-testid="extra-class-choice"][data-class="Bot"]');
  await expect(choice).toContainText('736');
  await choice.click();
  await expect(page.getByTestId('extra-classes-input')).toHaveValue('Bot');
  await expect(choice).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('web-load-extra-class-chosen'), fullPage: true });

  // Loaded again keeping Bot: its rows are a class of their own, trained on and classified.
  panel = await recordPanel(page);
  await page.getByTestId('reload-files').click();
  await dataPage.waitForJobDone();
  const kept = page.locator('[data-testid="stored-class"][data-class="Bot"]');
  await expect(kept).toHaveAttribute('data-rows', '736');
  await expect(page.getByTestId('excluded-note')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('web-load-extra-class-kept'), fullPage: true });

  // Every phase of this load showed an ETA; each that lasted a second or more gave a time.
  const second = (await panel.seen()).filter((s) => s.state === 'running' && !s.pending);
  const log = JSON.stringify(second);
  const phases = [...new Set(second.map((s) => s.phase))];
  // Advising and recommending on 5.7k rows can finish between two progress events (then the
  // panel goes from classifying to done); the phases that do show must each carry an ETA.
  for (const phase of ['reading', 'training', 'classifying'])
    expect(phases, `phases seen: ${log}`).toContain(phase);
  for (const s of second) expect(s.eta, `${s.phase} shows an ETA: ${log}`).not.toBeNull();
  phases.forEach((phase, i) => {
    const from = second.find((s) => s.phase === phase)!.ms;
    const next = phases[i + 1];
    const to = next === undefined ? from : second.find((s) => s.phase === next)!.ms;
    if (to - from >= 1000)
      expect(
        second.some((s) => s.phase === phase && s.eta !== ''),
        `${phase} (${Math.round(to - from)} ms) gives a time: ${log}`,
      ).toBe(true);
  });
  // The detector's training has no steps of its own: its estimate is a time from the start.
  expect(second.find((s) => s.phase === 'training')?.eta).not.toBe('');
});
