/**
 * `rampart ir-replay` on the shared CICIDS2017 sample (SSH-Patator over the benign file): the
 * held-out half replays in time order, every agent's row carries the measures, doing nothing
 * lets every attack flow through, and a containment agent's exposure stays within what followed
 * the first alert. Files without timestamps and addresses are refused with the reason.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReplayRow } from '../../src/main/transports/cli/irReplayCommand';
import { runCli } from '../helpers/cli';

const D = resolve('../shared/data/cicids2017');
const attack = join(D, 'improved-rnd5000/SSH-Patator_2961.csv');
const benign = join(D, 'improved-rnd5000/BENIGN_5000.csv');
const original = join(D, 'original/thursday-webattacks-sample.csv');
const present = [attack, benign, original].every((f) => existsSync(f));
if (!present) console.warn(`skipping ir-replay on shared data: no ${D}`);

describe.skipIf(!present)('rampart ir-replay', () => {
  it('scores every agent per attack on the replayed half', async () => {
    const r = await runCli(['ir-replay', attack, '--background', benign, '--seed', '2', '--json']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out.slice(r.out.indexOf('{'))) as {
      rows: ReplayRow[];
      detectors: { flows: number; testRows: number }[];
      totals: { agent: string; exposure: number }[];
    };
    expect(report.totals.map((t) => t.agent)).toEqual([
      'none',
      'block-all',
      'playbook',
      'grounded',
    ]);
    const rows = report.rows.filter((x) => x.attack === 'SSH-Patator');
    expect(rows).toHaveLength(4);
    const d = report.detectors[0]!;
    expect(d.flows).toBe(d.testRows);
    for (const x of rows) {
      expect(x).toMatchObject({ run: 'SSH-Patator_2961.csv', seed: 2 });
      expect(x.firstAlert).toMatch(/^2017-07-\d\dT/);
      expect(x.exposure).toBeLessThanOrEqual(x.afterFirstAlert);
      expect(x.flows).toBeGreaterThan(1000);
    }
    const by = (a: string) => rows.find((x) => x.agent === a)!;
    expect(by('none')).toMatchObject({
      exposure: by('none').afterFirstAlert,
      collateral: 0,
      steps: 0,
      timeToContainmentS: null,
    });
    expect(by('grounded').steps).toBeGreaterThan(0);
    expect(by('grounded').exposure).toBeLessThan(by('none').exposure);
    expect(by('block-all').analystAnswers).toBe(0);
  }, 120_000);

  it('refuses rows without timestamps and addresses, naming the columns', async () => {
    const r = await runCli(['ir-replay', original]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/Timestamp, Src IP and Dst IP/);
  }, 120_000);

  it('one class alone cannot train the detector: it says so and how to fix it', async () => {
    const r = await runCli(['ir-replay', attack]);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/are all SSH-Patator: .*--background BENIGN\.csv.*--train FILE/);
  });

  it('--train: a detector trained on other files replays every row; an attack it never learnt is never alerted', async () => {
    const ftp = join(D, 'improved-rnd5000/FTP-Patator_3972.csv');
    const r = await runCli([
      'ir-replay',
      attack,
      benign,
      '--train',
      ftp,
      '--train',
      benign,
      '--agents',
      'none,grounded',
      '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(r.out.slice(r.out.indexOf('{'))) as {
      rows: ReplayRow[];
      detectors: { flows: number }[];
    };
    const ssh = report.rows.filter((x) => x.attack === 'SSH-Patator');
    expect(ssh.map((x) => x.agent)).toEqual(['none', 'grounded']);
    for (const x of ssh) {
      // every SSH-Patator row is replayed (none held out for training)
      expect(x.flows).toBe(2961);
      expect(x.through).toBeLessThanOrEqual(x.flows);
      if (x.firstAlert === null) expect(x.exposure).toBe(0);
    }
    expect(report.detectors[0]!.flows).toBeGreaterThan(2961 + 4000);
  }, 120_000);

  it('needs a model for the llm agent', async () => {
    const r = await runCli(['ir-replay', attack, '--agents', 'grounded,llm']);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/agent llm needs --model/);
  });
});
