/** The LLM advisor on the real tiny GGUFs in ../shared/models (skipped with a message when absent). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/main/domain/catalogue/catalogue';
import type { AdvisorQuery, KgAnswer, KgView } from '../../src/main/domain/catalogue/types';
import { LlmAdvisor, ModelManager } from '../../src/main/domain/llm';
import { projectRoot } from '../../src/main/runtime/paths';

const cat = loadCatalogue();
const modelsDir = join(projectRoot(), '..', 'shared', 'models');
const candidates = [1, 2, 6, 0];

const kg: KgView = {
  query: (cls: string, sig: number): KgAnswer => ({
    version: 1,
    records: candidates.map((a, i) => ({
      kind: 'action-reward' as const,
      text: `action ${cat.actions[a]?.id} ${cat.actions[a]?.name}: avg reward ${5 - 3 * i} over ${40 + i} flows of ${cls}, signature ${sig}`,
    })),
    candidates: candidates.map((action, i) => ({ action, historicalReward: 5 - 3 * i })),
  }),
};

const query = (signature: number): AdvisorQuery => ({
  predictedClass: 'PortScan',
  signature,
  signatureText: 'SYN Flag Count > 0 and Flow Bytes/s <= 120',
  confidence: { mean: 0.97, lo: 0.95, hi: 0.99 },
});

for (const file of ['stories260K.gguf', 'llama-2-tiny-random.gguf']) {
  const path = join(modelsDir, file);
  const present = existsSync(path);
  if (!present) console.warn(`skipping the LLM advisor on ${file}: ${path} is absent`);

  describe.skipIf(!present)(`LlmAdvisor on ${file}`, () => {
    const manager = new ModelManager({ gpu: false });
    const advisor = new LlmAdvisor(manager, cat, kg);
    beforeAll(async () => {
      const s = await manager.load({ modelPath: path, threads: 1, contextSize: 2048 });
      expect(s.status, s.status === 'error' ? s.message : '').toBe('loaded');
    });
    afterAll(() => manager.dispose());

    it('load → advise: a candidate, π over the candidates, cache hit, prefix reuse', async () => {
      const times: { ms: number; reused: number; prompt: number }[] = [];
      for (const sig of [1, 2, 3]) {
        const t0 = performance.now();
        const a = await advisor.advise(query(sig));
        times.push({
          ms: performance.now() - t0,
          reused: a.stats.reusedTokens,
          prompt: a.stats.promptTokens,
        });
        expect(candidates).toContain(a.action);
        expect(a.distribution.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
        const mass = candidates.reduce((s, c) => s + (a.distribution[c] ?? 0), 0);
        expect(mass).toBeGreaterThan(0.99);
      }
      console.log(
        `${file} per-call latency (uncached first, then instruction prefix cached):`,
        JSON.stringify(times),
      );
      expect(times[1]?.reused).toBeGreaterThan(0);
      const again = await advisor.advise(query(1));
      expect(again.cached).toBe(true);
    });
  });
}
