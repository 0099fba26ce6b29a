/**
 * The Training screen stays responsive while a run trains: the real console in Debian's Chromium
 * on the Training screen, recording every animation frame's duration (requestAnimationFrame
 * deltas) while a PPO-KG-PT run (KG cycles, the fused learner in its worker thread) trains on a
 * seeded synthetic dataset and streams training.progress; the same frames are recorded for a few
 * seconds with nothing training first, as the baseline. Goal: p95 frame time < 50 ms.
 *
 *   node --import tsx scripts/bench/ui-train.ts [--rows 200000] [--passes 20] [--seconds 30]
 *
 * prints one JSON line. RAMPART_CHROMIUM overrides the browser (default /usr/bin/chromium).
 */
import { chromium } from '@playwright/test';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createAppService } from '../../src/main/app/service';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { createHeadlessHost } from '../../src/main/transports/server';
import { dispatch } from '../../src/main/app/hub/dispatch';
import { loadCsv } from './feed';
import { frameStats, RECORDER } from './ui-feed';

function num(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

export async function benchUiTrain(o: { rows: number; passes: number; seconds: number }) {
  const dir = join(tmpdir(), 'rampart-bench-ui-train');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, 'train.csv');
  await writeDemoCsv(csv, { rows: o.rows, seed: 3, mix: 'balanced' });
  const svc = await createAppService({
    dbPath: join(dir, 'bench.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 1 },
  });
  const call = (name: Parameters<typeof dispatch>[1], args: unknown) =>
    dispatch(svc.handlers, name, args, { actor: 'bench' });
  await loadCsv(svc, csv);
  const datasetId = ((await call('datasets.list', {})) as { id: number }[]).at(-1)!.id;
  const host = await createHeadlessHost({ service: svc, port: 0 });
  const browser = await chromium.launch({
    executablePath: process.env['RAMPART_CHROMIUM'] ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(host.url);
    await page.getByTestId('app-ready').waitFor({ state: 'attached', timeout: 60_000 });
    await page.getByTestId('dataset-picker').selectOption(String(datasetId));
    await page.getByTestId('nav-training').click();
    await page.getByTestId('training-screen').waitFor();
    const record = async (ms: number) => {
      await page.evaluate('window.__stopFrames = false');
      await page.evaluate(RECORDER);
      await page.waitForTimeout(ms);
      return (await page.evaluate(
        '(() => { window.__stopFrames = true; return window.__frames.slice(1); })()',
      )) as number[];
    };
    const idle = frameStats(await record(5000), null);
    const started = (await call('training.start', {
      datasetId,
      method: 'ppo-kg-pt',
      config: { passes: o.passes },
    })) as { runId: string };
    await page.getByTestId('training-state').waitFor();
    type Status = {
      state: string;
      phase: string;
      backend: string | null;
      episodes: number;
      totalEpisodes: number;
      episodesPerSec: number;
    };
    const statusNow = async () =>
      (await call('training.status', { runId: started.runId })) as Status;
    const frames = await record(o.seconds * 1000);
    // The run must still be training at the end of the window, or the frames measured an idle page.
    const status = await statusNow();
    if (status.state !== 'running')
      throw new Error(`the run ended (${status.state}) inside the window: raise --passes`);
    if (status.state === 'running')
      await call('training.control', { runId: started.runId, action: 'stop' });
    return {
      rows: o.rows,
      idle,
      training: {
        ...frameStats(frames, null),
        learner: status.backend,
        state: status.state,
        phase: status.phase,
        episodes: status.episodes,
        totalEpisodes: status.totalEpisodes,
        episodesPerSec: Math.round(status.episodesPerSec),
      },
    };
  } finally {
    await browser.close();
    await host.close();
    await svc.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchUiTrain({
    rows: num('rows', 200_000),
    passes: num('passes', 20),
    seconds: num('seconds', 30),
  });
  const cpu = cpus();
  console.log(
    JSON.stringify({
      phase: 'ui-train',
      command: [process.argv[0], ...process.execArgv, ...process.argv.slice(1)].join(' '),
      machine: { cpu: cpu[0]?.model, cores: cpu.length, memGiB: Math.round(totalmem() / 2 ** 30) },
      node: process.version,
      date: new Date().toISOString(),
      ...r,
    }),
  );
}
