/**
 * `rampart train` for PPO-KG methods runs the KG cycles of `rampart eval` (in-process CLI): one
 * cycle per pass, the KG rebuilt from every episode, N grown online, --lambda a fixed λ, and the
 * LLM advisor through --advisor llm --model.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDemoCsv } from '../../src/main/domain/demo';
import { prepareStudy } from '../../src/main/domain/eval/prepare';
import { runCli } from '../helpers/cli';
import { writeTinyGguf } from '../helpers/tinyGguf';

let dir: string;
let csv: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-cli-train-'));
  csv = join(dir, 'flows.csv');
  await writeDemoCsv(csv, { rows: 1500, seed: 9, mix: 'balanced' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface RewardEdge {
  kind: string;
  count: number;
}

describe('rampart train --method ppo-kg', () => {
  it('runs one KG cycle per pass with a fixed --lambda; the checkpoint keeps the KG and counts', async () => {
    const out = join(dir, 'kg.ckpt.json');
    const r = await runCli([
      'train',
      '--data',
      csv,
      '--method',
      'ppo-kg',
      '--passes',
      '2',
      '--seed',
      '4',
      '--lambda',
      '0.3',
      '--out',
      out,
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('cycle 1/2 rl');
    expect(r.out).toContain('cycle 2/2 rl');
    const lambdas = [...r.out.matchAll(/λ (\d+\.\d+)/g)].map((m) => m[1]);
    expect(lambdas.length).toBeGreaterThan(1);
    expect(new Set(lambdas)).toEqual(new Set(['0.30']));
    const ck = JSON.parse(readFileSync(out, 'utf8'));
    expect(ck).toMatchObject({ method: 'ppo-kg', passes: 2, lambda: 0.3 });
    expect(ck.policy.config).toMatchObject({ lambdaStart: 0.3, lambdaEnd: 0.3 });
    // The same split the command made: warm-up pass + 2 cycles of every training flow.
    const d = await prepareStudy([csv], 0.7, 4);
    const rows = d.train.size;
    expect(ck.policy.progress.episodes).toBe(2 * rows);
    const edges = (ck.kg.edges as { attributes: RewardEdge }[])
      .map((e) => e.attributes)
      .filter((a) => a.kind === 'reward');
    expect(edges.reduce((a, e) => a + e.count, 0)).toBe(3 * rows);
    expect(ck.kg.version).toBe(3);
    // N of each signature: the detector's plus each pass's flows of it.
    const flows = new Map<number, { n0: number; k: number }>();
    for (let i = 0; i < rows; i++) {
      const s = d.train.signature[i]!;
      const f = flows.get(s) ?? { n0: d.train.n[i]!, k: 0 };
      f.k++;
      flows.set(s, f);
    }
    const got = new Map<number, number>(
      (ck.counts.signature as number[]).map((s, j) => [s, ck.counts.n[j] as number]),
    );
    expect(got.size).toBe(flows.size);
    for (const [s, f] of flows) expect(got.get(s), `signature ${s}`).toBe(f.n0 + 2 * f.k);
  });

  it('refuses --lambda for a method without the KL term', async () => {
    const r = await runCli(['train', '--data', csv, '--method', 'ppo', '--lambda', '0.3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--lambda weights the KL term');
  });

  it('trains PPO-KG-PT through the cycles with the LLM advisor (tiny real GGUF)', async () => {
    const gguf = join(dir, 'tiny.gguf');
    await writeTinyGguf(gguf);
    const out = join(dir, 'llm.ckpt.json');
    // Few flows, so few (class, signature) pairs to ask the model about.
    const small = join(dir, 'small.csv');
    await writeDemoCsv(small, { rows: 200, seed: 9, mix: 'balanced' });
    const r = await runCli([
      'train',
      '--data',
      small,
      '--method',
      'ppo-kg-pt',
      '--passes',
      '1',
      '--advisor',
      'llm',
      '--model',
      gguf,
      '--out',
      out,
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`advisor: LLM advisor (${gguf}, prompt default)`);
    expect(r.out).toContain('cycle 1/1 rl');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      method: 'ppo-kg-pt',
      kg: { version: 2 },
    });
  }, 180_000);
});
