/** The --prompt option of `rampart eval` and `rampart train`: checked before any data is read. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

describe('--prompt', () => {
  for (const cmd of [['eval'], ['train', '--method', 'ppo-kg']])
    it(`${cmd[0]} refuses an unknown style and a style without the LLM advisor`, async () => {
      const base = [...cmd, '--data', '/nonexistent/rampart/flows.csv'];
      const bad = await runCli([...base, '--advisor', 'llm', '--prompt', 'table3']);
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain('--prompt must be default or paper');
      const kg = await runCli([...base, '--prompt', 'paper']);
      expect(kg.code).not.toBe(0);
      expect(kg.err).toContain('--prompt needs --advisor llm');
      const noModel = await runCli([...base, '--advisor', 'llm', '--prompt', 'paper']);
      expect(noModel.err).toContain('--advisor llm needs --model FILE.gguf');
    });
});
