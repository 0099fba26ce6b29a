/**
 * Live feeds through the UI: a replayed CSV's alert count grows while it runs; invalid lines sent
 * over TCP and HTTP show up as malformed (with reasons and where) and the feeds keep running.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { writeDemoCsv } from '../../../src/main/domain/demo';
import { expect, test } from '../fixtures';
import { screenshotPath } from '../support/paths';

/** Sends the lines over one TCP connection and resolves with the server's reply once it closes. */
function sendTcp(port: number, lines: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    let reply = '';
    sock.on('data', (d: Buffer) => (reply += d.toString('utf8')));
    sock.on('error', () => {});
    sock.on('close', () => resolve(reply));
    sock.end(lines.join('\n') + '\n');
  });
}

test('replay a CSV live, then send invalid lines over TCP and HTTP', async ({
  page,
  server,
  demoDatasetId,
  consolePage,
  feedPage,
}) => {
  // The feeds classify with the demo dataset's detector and recommend with its policy.
  expect(demoDatasetId).toBeGreaterThan(0);
  const csv = join(server.dir, 'live-replay.csv');
  await writeDemoCsv(csv, { rows: 600, seed: 3, mix: 'balanced' });
  const [header, ...rows] = readFileSync(csv, 'utf8').trimEnd().split('\n') as [
    string,
    ...string[],
  ];

  await consolePage.open(server.url);
  await consolePage.nav('data');
  await expect(feedPage.panel).toBeVisible();

  // Replay at 150 rows/s: about four seconds, long enough to watch the count grow.
  const replay = await feedPage.startReplay(csv, 150);
  await expect(replay.state).toHaveText(/running|stopped/);
  await expect.poll(() => replay.count(replay.alerts)).toBeGreaterThan(0);
  const early = await replay.count(replay.alerts);
  await expect.poll(() => replay.count(replay.alerts)).toBeGreaterThan(early);
  await expect(replay.root).toHaveAttribute('data-state', 'stopped', { timeout: 60_000 });
  await expect(replay.alerts).toHaveText('600');
  await expect(replay.accepted).toHaveText('600');
  await expect(replay.malformed).toHaveText('0');
  await page.screenshot({ path: screenshotPath('web-08-live-replay'), fullPage: true });

  // TCP: good rows and bad lines on one connection, then a second connection after it dropped.
  const tcp = await feedPage.startListener('tcp');
  await expect(tcp.root).toHaveAttribute('data-state', 'running');
  const token = await tcp.token.inputValue();
  expect(token).toMatch(/^[0-9a-f]{64}$/);
  const port = await tcp.port();
  const reply = await sendTcp(port, [
    `AUTH ${token}`,
    header,
    ...rows.slice(0, 10),
    'this is not a flow',
    '{"Flow Duration": 5,',
    rows[10]!.split(',').slice(0, 12).join(','),
  ]);
  expect(reply).toBe('OK\n');
  await expect(tcp.accepted).toHaveText('10');
  await expect(tcp.malformed).toHaveText('3');
  await expect(tcp.reason('bad-json')).toHaveText('1');
  await expect(tcp.reason('column-count')).toHaveText('2');
  await expect(tcp.examples).toContainText(`tcp 127.0.0.1:${port} conn#1 line 15`);
  expect(await sendTcp(port, ['AUTH wrong-token', header, rows[0]!])).toBe('ERR unauthorized\n');
  await expect(tcp.reason('unauthorized')).toHaveText('1');
  expect(await sendTcp(port, [`AUTH ${token}`, header, ...rows.slice(20, 25)])).toBe('OK\n');
  await expect(tcp.accepted).toHaveText('15');
  await expect(tcp.alerts).toHaveText('15');
  await expect(tcp.root).toHaveAttribute('data-state', 'running');

  // HTTP: a request without the token is refused and counted; a CSV with a bad line is taken.
  const http = await feedPage.startListener('http');
  const httpToken = await http.token.inputValue();
  const url = `http://127.0.0.1:${await http.port()}/flows`;
  expect((await fetch(url, { method: 'POST', body: rows[0]! })).status).toBe(401);
  const res = await fetch(url, {
    method: 'POST',
    headers: { Authorization: `Bearer ${httpToken}`, 'Content-Type': 'text/csv' },
    body: [header, ...rows.slice(30, 38), 'one,two,three', '{}'].join('\n'),
  });
  expect(await res.json()).toMatchObject({ ok: true, accepted: 8, malformed: 2 });
  await expect(http.accepted).toHaveText('8');
  await expect(http.malformed).toHaveText('3');
  await expect(http.reason('unauthorized')).toHaveText('1');
  await expect(http.reason('missing-fields')).toHaveText('1');
  await expect(http.root).toHaveAttribute('data-state', 'running');
  await page.screenshot({ path: screenshotPath('web-09-live-listeners'), fullPage: true });

  await tcp.stop();
  await http.stop();
  await expect(tcp.accepted).toHaveText('15');
});
