/**
 * The embedded WebAssembly (src/main/domain/rl/fast/kernels.wasm.ts) is what its AssemblyScript
 * source compiles to: rebuilding it with the pinned assemblyscript must give the same bytes, so
 * the kernels the learner runs are the ones a reader reviews.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the fused learner kernels', () => {
  it('match their AssemblyScript source (npm run build:kernels -- --check)', () => {
    const out = execFileSync(process.execPath, ['scripts/build-kernels.js', '--check'], {
      encoding: 'utf8',
    });
    expect(out).toMatch(/kernels\.wasm\.ts matches/);
  }, 60_000);
});
