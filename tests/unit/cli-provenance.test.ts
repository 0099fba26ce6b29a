import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { modelFileRecord, provenance } from '../../src/main/transports/cli/provenance';

const dir = mkdtempSync(join(tmpdir(), 'rampart-prov-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provenance of stored results', () => {
  it("records a model file's SHA-256 (the NIST test vector for 'abc')", async () => {
    const f = join(dir, 'm.gguf');
    writeFileSync(f, 'abc');
    const r = await modelFileRecord(f);
    expect(r).toEqual({
      file: 'm.gguf',
      path: f,
      bytes: 3,
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('records the command as typed (quoted where a shell needs it), the machine and no model', async () => {
    const p = await provenance(['eval', '--data', 'a b.csv', "it's.csv", '--seed', '3']);
    expect(p.command).toBe(`rampart eval --data 'a b.csv' 'it'\\''s.csv' --seed 3`);
    expect(p.machine.cores).toBeGreaterThan(0);
    expect(p.machine.node).toBe(process.version);
    expect(Number.isNaN(Date.parse(p.at))).toBe(false);
    expect(p.model).toBeNull();
  });
});
