/**
 * The training dashboard's runs inside the real app service (temp SQLite, worker threads): a run
 * reads a stored labelled dataset back, rebuilds its detector's split, trains in a worker with
 * throttled progress, pauses / resumes / stops, evaluates on the test split and installs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import type { AppService } from '../../src/main/app/types';
import { writeDemoCsv } from '../../src/main/domain/demo';
import type {
  LoadFinished,
  RequestArgs,
  RequestName,
  TrainingStatus,
} from '../../src/shared/contract';
import { callService, countRows, loadPaths } from '../helpers/service';

let dir: string;
let svc: AppService;
let datasetId: number;
let unlabelledId: number;
/** Every training.progress event, in order, and when it arrived. */
const events: TrainingStatus[] = [];
const arrivals: number[] = [];

const call = <K extends RequestName>(name: K, args: RequestArgs<K>) => callService(svc, name, args);

const load = (paths: string[]): Promise<LoadFinished> => loadPaths(svc, paths);

/** The first progress event of `runId` (already seen or still to come) that passes `ok`. */
function progressOf(
  runId: string,
  ok: (s: TrainingStatus) => boolean,
  timeoutMs = 120_000,
): Promise<TrainingStatus> {
  const seen = events.find((e) => e.runId === runId && ok(e));
  if (seen) return Promise.resolve(seen);
  return new Promise((res, rej) => {
    const timer = setTimeout(() => {
      off();
      rej(new Error(`no progress event of run ${runId} matched in ${timeoutMs} ms`));
    }, timeoutMs);
    const off = svc.events.subscribe((event, payload) => {
      const s = payload as TrainingStatus;
      if (event === 'training.progress' && s.runId === runId && ok(s)) {
        clearTimeout(timer);
        off();
        res(s);
      }
    });
  });
}

const ended = (s: TrainingStatus) => !['running', 'paused'].includes(s.state);
/** Small rollouts: many updates (curve points) and an early chance to pause. */
const SMALL = { rolloutSize: 64, minibatches: 2 };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-training-'));
  await writeDemoCsv(join(dir, 'labelled.csv'), { rows: 6000, seed: 11, mix: 'balanced' });
  svc = await createAppService({
    dbPath: join(dir, 'db.sqlite'),
    host: 'headless',
    seedDemo: false,
    policyTraining: { passes: 1 },
  });
  svc.events.subscribe((event, payload) => {
    if (event === 'training.progress') {
      events.push(payload as TrainingStatus);
      arrivals.push(performance.now());
    }
  });
  const fin = await load([join(dir, 'labelled.csv')]);
  expect(fin).toMatchObject({ ok: true });
  datasetId = fin.datasetId!;
  const un = await load([resolve(__dirname, '../fixtures/ingest/unlabelled.csv')]);
  expect(un.ok).toBe(true);
  unlabelledId = un.datasetId!;
}, 180_000);

afterAll(async () => {
  await svc.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a PPO run from the dashboard', () => {
  let run: TrainingStatus;

  it('reports progress with rising episodes and a curve, at most ~4 events a second', async () => {
    // 60 passes (~252k episodes): long enough on the fused learner (tens of thousands of
    // episodes a second) that the next test's pause lands while it trains.
    run = await call('training.start', {
      datasetId,
      method: 'ppo',
      config: { passes: 60, ...SMALL },
    });
    expect(run).toMatchObject({ state: 'running', phase: 'preparing', method: 'ppo', datasetId });
    await progressOf(run.runId, (s) => s.curve.length >= 2);
    const rlAt = events.flatMap((e, i) =>
      e.runId === run.runId && e.phase === 'rl' && e.state === 'running' ? [i] : [],
    );
    const rl = rlAt.map((i) => events[i]!);
    for (let i = 1; i < rl.length; i++)
      expect(rl[i]!.episodes).toBeGreaterThanOrEqual(rl[i - 1]!.episodes);
    // Throttled: progress within the RL phase comes at least ~250 ms apart (timer jitter aside).
    for (let k = 1; k < rlAt.length; k++)
      expect(arrivals[rlAt[k]!]! - arrivals[rlAt[k - 1]!]!).toBeGreaterThan(200);
    const last = rl.at(-1)!;
    expect(last.totalEpisodes).toBeGreaterThan(2000);
    expect(last.backend).toMatch(/fused-wasm-simd|fused-js|wasm|cpu|tensorflow/);
    expect(last.backendReason).toBeTruthy();
    expect(last.losses).toMatchObject({
      policy_loss: expect.any(Number),
      value_loss: expect.any(Number),
      entropy: expect.any(Number),
      approx_kl: expect.any(Number),
      kl_llm: null,
    });
    expect(last.episodesPerSec).toBeGreaterThan(0);
  });

  it('pauses with its checkpoint, resumes where it stood and completes', async () => {
    const paused = await call('training.control', { runId: run.runId, action: 'pause' });
    expect(paused.state).toBe('paused');
    expect(paused.episodes).toBeGreaterThan(0);
    expect(paused.episodes).toBeLessThan(paused.totalEpisodes);
    expect(paused.episodesPerSec).toBe(0);
    expect(await call('training.status', {})).toMatchObject({ runId: run.runId, state: 'paused' });
    await expect(call('training.control', { runId: run.runId, action: 'pause' })).rejects.toThrow(
      /only a running run can pause/,
    );

    const resumed = await call('training.control', { runId: run.runId, action: 'resume' });
    expect(resumed.state).toBe('running');
    const done = await progressOf(run.runId, ended);
    expect(done.state).toBe('completed');
    expect(done.phase).toBe('done');
    expect(done.episodes).toBe(done.totalEpisodes);
    // The curve goes on from the pause: its points after it lie beyond the paused count.
    expect(done.curve.at(-1)!.episodes).toBe(done.totalEpisodes);
    expect(done.curve.some((p) => p.episodes > paused.episodes)).toBe(true);
    expect(done.curve.length).toBeLessThanOrEqual(500);
  });

  it('evaluates on the test split: every class, right vs wrong detection, the oracle', async () => {
    const s = (await call('training.status', { runId: run.runId }))!;
    const ev = s.evaluation!;
    expect(ev).not.toBeNull();
    const classes = (await call('detector.report', {}))!.classes;
    expect(Object.keys(ev.perClass).sort()).toEqual([...classes].sort());
    for (const r of Object.values(ev.perClass)) expect(Math.abs(r)).toBeLessThanOrEqual(5);
    expect(ev.avgReward).toBeGreaterThan(-5);
    expect(ev.correctWhenRight).toBeGreaterThanOrEqual(0);
    expect(ev.correctWhenRight).toBeLessThanOrEqual(1);
    expect(ev.correctWhenWrong).toBeGreaterThanOrEqual(0);
    // The per-signature oracle is the best a state-only policy can hope for on these flows.
    expect(ev.oracleAvgReward).toBeGreaterThan(4);
    expect(s.installedPolicyId).toBeNull();
    await expect(call('training.control', { runId: run.runId, action: 'stop' })).rejects.toThrow(
      /already ended \(completed\)/,
    );
  });
});

describe('stop, install and refusals', () => {
  it('stops a running run and keeps its state; another run may start after it', async () => {
    const r = await call('training.start', {
      datasetId,
      method: 'ppo',
      config: { passes: 50, ...SMALL },
    });
    await expect(call('training.start', { datasetId, method: 'dl', config: {} })).rejects.toThrow(
      /is running: stop it/,
    );
    await progressOf(r.runId, (s) => s.episodes > 0 && s.phase === 'rl');
    const stopped = await call('training.control', { runId: r.runId, action: 'stop' });
    expect(stopped.state).toBe('stopped');
    expect(stopped.episodes).toBeGreaterThan(0);
    expect(stopped.evaluation).toBeNull();
    expect(await call('training.status', {})).toMatchObject({ runId: r.runId, state: 'stopped' });
    await expect(call('training.control', { runId: r.runId, action: 'resume' })).rejects.toThrow(
      /only a paused run can resume/,
    );
  });

  it('installs a PPO-KG policy: kg.summary reports it and pending alerts use it', async () => {
    const before = (await call('kg.summary', {})).policy!.id;
    const r = await call('training.start', {
      datasetId,
      method: 'ppo-kg',
      config: { passes: 1, rolloutSize: 512 },
      install: true,
    });
    const done = await progressOf(r.runId, ended);
    expect(done.error).toBeNull();
    expect(done.state).toBe('completed');
    expect(done.installedPolicyId).toBeGreaterThan(before);
    expect(done.losses!.kl_llm).toEqual(expect.any(Number));
    const summary = await call('kg.summary', {});
    expect(summary.policy).toMatchObject({ id: done.installedPolicyId, method: 'ppo-kg' });
    // Audited as the analyst who started the run, in the policy's own transaction.
    expect(
      countRows(
        svc,
        `SELECT COUNT(*) AS n FROM audit WHERE action = 'policy.install' AND actor = 'tester'
           AND automatic = 0 AND json_extract(detail, '$.policyId') = ?`,
        done.installedPolicyId,
      ),
    ).toBe(1);
    // The engine serves it at once: pending alerts were re-recommended by the new policy.
    const [pending] = (await call('alerts.query', { datasetId, status: 'pending', limit: 1 })).rows;
    const detail = await call('alerts.detail', { id: pending!.id });
    expect(detail!.recommendation).toMatchObject({
      policyId: done.installedPolicyId,
      method: 'ppo-kg',
    });
  });

  it('shows λ falling once over a PPO-KG run of several KG cycles (no restart per cycle)', async () => {
    const r = await call('training.start', {
      datasetId,
      method: 'ppo-kg',
      config: { passes: 3, rolloutSize: 256, minibatches: 2 },
    });
    const done = await progressOf(r.runId, ended);
    expect(done).toMatchObject({ state: 'completed', error: null });
    const rl = events.filter((e) => e.runId === r.runId && e.phase === 'rl');
    const lambdas = rl.map((e) => e.lambda);
    // Throttled events, but many of them: each cycle is seen.
    const cycleOf = (e: TrainingStatus) => Math.ceil((3 * e.episodes) / e.totalEpisodes);
    expect(new Set(rl.filter((e) => e.episodes > 0).map(cycleOf))).toEqual(new Set([1, 2, 3]));
    for (let k = 1; k < lambdas.length; k++)
      expect(lambdas[k], `event ${k} at ${rl[k]!.episodes} episodes`).toBeLessThanOrEqual(
        lambdas[k - 1]!,
      );
    // The events are throttled, so the last one seen may be a few updates early; the run's own
    // status keeps the λ of its very last update, which is near lambdaEnd (0.05) after one fall.
    expect(done.lambda).toBeLessThan(0.1);
    expect(done.lambda).toBeLessThanOrEqual(lambdas.at(-1)!);
  });

  it('runs LLM-KG (no training) and DL to an evaluation', async () => {
    for (const method of ['llm-kg', 'dl'] as const) {
      const r = await call('training.start', { datasetId, method, config: { dlEpochs: 2 } });
      const done = await progressOf(r.runId, ended);
      expect(done, method).toMatchObject({ state: 'completed', error: null });
      expect(Object.keys(done.evaluation!.perClass).length).toBeGreaterThan(1);
    }
  });

  it('refuses a dataset without labelled flows, a bad config and an unknown run', async () => {
    await expect(
      call('training.start', { datasetId: unlabelledId, method: 'ppo' }),
    ).rejects.toThrow(/no labelled flows/);
    await expect(call('training.start', { datasetId: 9999, method: 'ppo' })).rejects.toThrow(
      /does not exist/,
    );
    await expect(
      call('training.start', {
        datasetId,
        method: 'ppo',
        config: { rolloutSize: 100, minibatches: 3 },
      }),
    ).rejects.toThrow(/multiple of minibatches/);
    await expect(call('training.control', { runId: 'nope', action: 'pause' })).rejects.toThrow(
      /no training run nope/,
    );
  });

  it("trains on an unlabelled dataset once the analyst's decisions label its flows", async () => {
    const page = await call('alerts.query', { datasetId: unlabelledId, limit: 1000 });
    expect(page.rows.every((r) => r.trueClass === null)).toBe(true);
    // Approving confirms the predicted class; each decision is a label for the next policy.
    await call('alerts.decide', { alertIds: page.rows.map((r) => r.id), decision: 'approve' });
    const r = await call('training.start', {
      datasetId: unlabelledId,
      method: 'dl',
      config: { dlEpochs: 2 },
    });
    const done = await progressOf(r.runId, ended);
    expect(done).toMatchObject({ state: 'completed', error: null });
    expect(done.totalEpisodes).toBeGreaterThan(0);
  });
});
