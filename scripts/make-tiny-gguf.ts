/** CLI: write the tiny random-weight llama GGUF used by the LLM tests (`tsx scripts/make-tiny-gguf.ts out.gguf [seed]`). */
import { writeTinyGguf } from '../src/main/llm/tinyGguf';

const [out, seed] = process.argv.slice(2);
if (!out) {
  console.error('usage: tsx scripts/make-tiny-gguf.ts <out.gguf> [seed]');
  process.exit(2);
}
writeTinyGguf(out, { seed: seed ? Number(seed) : 1 }).then(
  (bytes) => console.log(`${out}: ${bytes} bytes`),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
