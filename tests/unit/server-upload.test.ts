/** Transport tests of `POST /api/upload`: the CSV body lands in a temp file the core can load. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sanitizeUploadName, uploadsRoot } from '../../src/main/transports/server/upload';
import { raw, startTestHost, type TestHost } from './server-http-helpers';

let t: TestHost;
beforeEach(async () => {
  t = await startTestHost({ maxUploadBytes: 1024 });
});
afterEach(async () => {
  await t.host.close();
});

function upload(name: string, body: string, headers: Record<string, string> = {}) {
  return raw(t.host.port, {
    method: 'POST',
    path: `/api/upload?name=${encodeURIComponent(name)}`,
    headers: { Authorization: `Bearer ${t.host.token}`, 'Content-Type': 'text/csv', ...headers },
    body,
  });
}

describe('upload', () => {
  it('saves the body under the uploads folder with a sanitised name and returns its path', async () => {
    const csv = 'Destination Port,Label\n80,BENIGN\n';
    const r = await upload('../../etc/my day (1).csv', csv);
    expect(r.status).toBe(200);
    const { result } = JSON.parse(r.body) as { result: { path: string } };
    expect(result.path.startsWith(uploadsRoot())).toBe(true);
    expect(result.path).toMatch(/[0-9a-f]{12}\/my_day__1_\.csv$/);
    expect(readFileSync(result.path, 'utf8')).toBe(csv);
  });

  it('requires the token', async () => {
    const r = await upload('a.csv', 'x', { Authorization: 'Bearer nope' });
    expect(r.status).toBe(401);
  });

  it('refuses a body over the cap with 413 and keeps no partial file', async () => {
    const r = await upload('big.csv', 'x'.repeat(2048));
    expect(r.status).toBe(413);
    const chunked = await upload('big.csv', 'y'.repeat(4096), { 'Transfer-Encoding': 'chunked' });
    expect(chunked.status).toBe(413);
  });

  it('removes this run’s uploads on close', async () => {
    const r = await upload('a.csv', 'x');
    const { result } = JSON.parse(r.body) as { result: { path: string } };
    await t.host.close();
    expect(existsSync(dirname(dirname(result.path)))).toBe(false);
    t = await startTestHost();
  });

  it('sanitises names', () => {
    expect(sanitizeUploadName('C:\\Users\\x\\Monday.csv')).toBe('Monday.csv');
    expect(sanitizeUploadName('...hidden')).toBe('hidden');
    expect(sanitizeUploadName('')).toBe('upload.csv');
    expect(sanitizeUploadName(null)).toBe('upload.csv');
    expect(sanitizeUploadName('a'.repeat(300) + '.csv')).toHaveLength(120);
  });
});
