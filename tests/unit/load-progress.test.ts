/**
 * A load's progress: every phase carries its steps and an ETA from its own rate (the detector's
 * training, which has no steps, against an estimate from its rows), a new phase is sent at once,
 * and the console words the steps and the ETA; the extra-classes field parses as the load checks.
 */
import { describe, expect, it, vi } from 'vitest';
import type { JobProgress } from '../../src/shared/contract';
import { LoadProgress, phaseEta, timedTraining } from '../../src/main/app/loads/loadProgress';
import { formatStep, phaseEtaText } from '../../src/renderer/src/data/progressText';
import { parseExtraClasses } from '../../src/renderer/src/data/extraClasses';

describe('phaseEta', () => {
  it('extrapolates the rate so far', () => {
    expect(phaseEta(10, { done: 25, total: 100, unit: 'flows' })).toBe(30);
    expect(phaseEta(4, { done: 1, total: 2, unit: 'bytes' })).toBe(4);
  });
  it('has no estimate before the first step, and nothing left once done', () => {
    expect(phaseEta(3, { done: 0, total: 100, unit: 'alerts' })).toBeNull();
    expect(phaseEta(3, { done: 5, total: 0, unit: 'alerts' })).toBeNull();
    expect(phaseEta(0, { done: 8192, total: 25_000, unit: 'alerts' })).toBeNull();
    expect(phaseEta(3, { done: 100, total: 100, unit: 'percent' })).toBe(0);
  });
  it('reads a clock against an estimated total as what is left', () => {
    expect(phaseEta(0, { done: 0, total: 4, unit: 'seconds' })).toBe(4);
    expect(phaseEta(5, { done: 5, total: 4, unit: 'seconds' })).toBe(0);
  });
});

describe('LoadProgress', () => {
  function recorder() {
    const sent: { p: Omit<JobProgress, 'jobId'>; force: boolean }[] = [];
    let t = 0;
    const progress = new LoadProgress(
      { progress: (p, force = false) => sent.push({ p, force }) },
      () => t,
    );
    return { sent, progress, at: (ms: number) => (t = ms) };
  }

  it('forces each new phase out and gives every phase with steps an ETA', () => {
    const { sent, progress, at } = recorder();
    progress.counts = { rowsRead: 1000, rowsSkipped: 2, bytesRead: 10, totalBytes: 10 };
    at(1000);
    progress.report('classifying', 0.7, { done: 0, total: 1000, unit: 'flows' });
    at(3000);
    progress.report('classifying', 0.72, { done: 250, total: 1000, unit: 'flows' });
    at(5000);
    progress.report('advising', 0.8, { done: 20, total: 100, unit: 'percent' });
    at(9000);
    progress.report('advising', 0.85, { done: 40, total: 100, unit: 'percent' });
    at(9500);
    progress.report('recommending', 0.96, { done: 10, total: 50, unit: 'alerts' });
    at(10_000);
    progress.report('done', 1, undefined, undefined, 0);
    expect(sent.map((s) => [s.p.phase, s.force, s.p.etaSec])).toEqual([
      ['classifying', true, null],
      ['classifying', false, 6],
      ['advising', true, null],
      ['advising', false, 6],
      ['recommending', true, null],
      ['done', true, 0],
    ]);
    expect(sent[1]!.p).toMatchObject({ rowsRead: 1000, rowsSkipped: 2, fraction: 0.72 });
    expect(sent[1]!.p.step).toEqual({ done: 250, total: 1000, unit: 'flows' });
    expect(sent[1]!.p.rowsPerSec).toBeCloseTo(1000 / 3, 6);
  });

  it("takes the reader's own clock and rate while reading", () => {
    const { sent, progress, at } = recorder();
    at(50);
    progress.report('reading', 0, { done: 0, total: 400, unit: 'bytes' });
    at(2000);
    progress.report('reading', 0.15, { done: 100, total: 400, unit: 'bytes' }, 1.5, 700);
    expect(sent.map((s) => [s.p.etaSec, s.p.rowsPerSec])).toEqual([
      [null, 0],
      [4.5, 700],
    ]);
  });
});

describe('timedTraining', () => {
  it('ticks its clock against an estimate, then estimates from the speed it measured', async () => {
    vi.useFakeTimers();
    try {
      let now = 0;
      const steps: number[][] = [];
      const train = (ms: number) => () =>
        new Promise<string>((res) =>
          setTimeout(() => {
            now += ms;
            res('tree');
          }, ms),
        );
      const tick = (s: { done: number; total: number }) => steps.push([s.done, s.total]);
      const first = timedTraining(10_000, tick, train(2000), () => now);
      await vi.advanceTimersByTimeAsync(2000);
      expect(await first).toBe('tree');
      expect(steps[0]).toEqual([0, 0.5]); // 10k rows at the first guess, at least half a second
      // Measured 10k rows in 2 s: 20k rows are estimated at 4 s.
      steps.length = 0;
      const second = timedTraining(20_000, tick, train(1000), () => now);
      await vi.advanceTimersByTimeAsync(1000);
      await second;
      expect(steps[0]).toEqual([0, 4]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('how the console words progress', () => {
  it('names each unit', () => {
    expect(formatStep({ done: 1536, total: 3 * 2 ** 20, unit: 'bytes' })).toBe('1.5 KiB / 3.0 MiB');
    expect(formatStep({ done: 8192, total: 25_000, unit: 'alerts' })).toBe('8,192 / 25,000 alerts');
    expect(formatStep({ done: 42.7, total: 100, unit: 'percent' })).toBe(
      "42% of the policy's training",
    );
    expect(formatStep({ done: 1.2, total: 3.4, unit: 'seconds' })).toBe('1s of about 4s');
  });
  it('says it is estimating rather than showing a dash', () => {
    expect(phaseEtaText(null)).toBe('ETA estimating…');
    expect(phaseEtaText(75)).toBe('ETA 1m 15s (this step)');
  });
});

describe('parseExtraClasses', () => {
  it('splits, trims and drops repeats ignoring case', () => {
    expect(parseExtraClasses(' Bot, heartbleed,,bot\nInfilteration ')).toEqual({
      names: ['Bot', 'heartbleed', 'Infilteration'],
      problem: null,
    });
    expect(parseExtraClasses('')).toEqual({ names: [], problem: null });
  });
  it('refuses what the load would refuse', () => {
    const many = Array.from({ length: 17 }, (_, i) => `c${i}`).join(',');
    expect(parseExtraClasses(many).problem).toBe('at most 16 extra classes, got 17');
    expect(parseExtraClasses('x'.repeat(65)).problem).toContain('longer than 64 characters');
  });
});
