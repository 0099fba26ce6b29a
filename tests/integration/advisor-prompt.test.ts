/** advisor.setPrompt on the real service: saved across restarts, audited as the caller, validated. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAppService } from '../../src/main/app/service';
import { callService, countRows } from '../helpers/service';

const dir = mkdtempSync(join(tmpdir(), 'rampart-prompt-'));
const dbPath = join(dir, 'db.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = () => createAppService({ dbPath, host: 'headless', seedDemo: false });

describe('advisor.setPrompt', () => {
  it("switches to the paper's prompt and back; the choice survives a restart and is audited", async () => {
    let svc = await open();
    try {
      expect((await callService(svc, 'advisor.status', {})).prompt).toBe('default');
      const seen: string[] = [];
      const off = svc.events.subscribe((event, payload) => {
        if (event === 'advisor.changed') seen.push((payload as { prompt: string }).prompt);
      });
      const s = await callService(svc, 'advisor.setPrompt', { prompt: 'paper' });
      off();
      expect(s.prompt).toBe('paper');
      expect(seen).toContain('paper');
      await expect(
        callService(svc, 'advisor.setPrompt', { prompt: 'other' as 'paper' }),
      ).rejects.toThrow();
    } finally {
      await svc.close();
    }
    svc = await open();
    try {
      expect((await callService(svc, 'advisor.status', {})).prompt).toBe('paper');
      await callService(svc, 'advisor.setPrompt', { prompt: 'default' });
      expect((await callService(svc, 'advisor.status', {})).prompt).toBe('default');
    } finally {
      await svc.close();
    }
    const sql = "SELECT COUNT(*) AS n FROM audit WHERE action = 'advisor.setPrompt' AND actor = ?";
    expect(countRows(svc, sql, 'tester')).toBe(2);
  });
});
