/**
 * CLI: write a tiny random-weight llama GGUF for tests and benchmarks.
 *   tsx scripts/make-tiny-gguf.ts out.gguf [seed]        the LLM advisor's test model
 *   tsx scripts/make-tiny-gguf.ts --ir out.gguf [seed]   the response agents' model: merges learned
 *                                                        from the incident prompts of every scenario
 */
import { writeTinyIrGguf } from '../tests/helpers/tinyIrModel';
import { writeTinyGguf } from '../tests/helpers/tinyGguf';

const args = process.argv.slice(2);
const ir = args[0] === '--ir';
const [out, seed] = ir ? args.slice(1) : args;
if (!out) {
  console.error('usage: tsx scripts/make-tiny-gguf.ts [--ir] <out.gguf> [seed]');
  process.exit(2);
}
const s = seed ? Number(seed) : ir ? 11 : 1;
(ir ? writeTinyIrGguf(out, undefined, s) : writeTinyGguf(out, { seed: s })).then(
  (bytes) => console.log(`${out}: ${bytes} bytes`),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
