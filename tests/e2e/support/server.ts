/** Start and stop `rampart serve` on a fresh temp database for one worker. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliCommand, REAL_SAMPLE_CSV, ROOT } from './paths';

/** A running headless host: `rampart serve` (web target) or the Electron app's e2e host. */
export interface ConsoleServer {
  /** The URL the host printed, with `?token=`. */
  url: string;
  /** Temp folder holding the database (and generated CSVs); removed on stop. */
  dir: string;
  /** Tokens of the further analysts the host knows (name → token), from {@link writeAnalysts}. */
  tokens: Record<string, string>;
  stop(): Promise<void>;
}

/** A second analyst every test host knows, for requests "from another console". */
export const SECOND_ANALYST = 'second-analyst';

/**
 * Write `dir/analysts.json` (beside the database, where `serve` and the Electron app's e2e host
 * look) naming {@link SECOND_ANALYST} with a fresh token; returns name → token.
 */
export function writeAnalysts(dir: string): Record<string, string> {
  const token = randomBytes(32).toString('hex');
  writeFileSync(join(dir, 'analysts.json'), JSON.stringify([{ name: SECOND_ANALYST, token }]), {
    mode: 0o600,
  });
  return { [SECOND_ANALYST]: token };
}

/** How long the CLI may take to print its URL (it opens the DB and runs migrations first). */
const START_TIMEOUT_MS = 60_000;

/**
 * Spawn the CLI's `serve` on port 0 and resolve once it prints `Rampart console: <url>`: on a
 * fresh SQLite file in its temp folder, or on `db` (a shared PostgreSQL database) with the temp
 * folder as its data folder.
 */
export async function startConsoleServer(opts: { db?: string } = {}): Promise<ConsoleServer> {
  const dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-'));
  const { file, nodeArgs } = cliCommand();
  const tokens = writeAnalysts(dir);
  const db = opts.db ? ['--db', opts.db, '--data-dir', dir] : ['--db', join(dir, 'rampart.sqlite')];
  const child = spawn(
    process.execPath,
    [...nodeArgs, file, 'serve', '--port', '0', ...db, '--no-demo'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: process.env },
  );
  const url = await waitForConsoleUrl(child, 'serve', START_TIMEOUT_MS);
  // Keep draining output so a chatty server never blocks on a full pipe; echo errors for diagnosis.
  child.stdout?.resume();
  child.stderr?.on('data', (c: Buffer) => process.stderr.write(`[serve] ${c.toString('utf8')}`));
  return { url, dir, tokens, stop: () => stopChild(child, dir) };
}

/**
 * Resolve with the URL a process prints as `Rampart console: <url>` (`rampart serve`, or the
 * Electron app with RAMPART_E2E_HOST=1); rejects with its output when it exits or times out first.
 */
export function waitForConsoleUrl(
  child: ChildProcess,
  what: string,
  timeoutMs: number,
): Promise<string> {
  let log = '';
  return new Promise<string>((resolve, reject) => {
    const done = (): void => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${what} printed no URL in ${timeoutMs} ms:\n${log}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      const m = /Rampart console: (http:\/\/\S+)/.exec(log);
      if (m?.[1]) {
        done();
        resolve(m[1]);
      }
    };
    const onExit = (code: number | null): void => {
      done();
      reject(new Error(`${what} exited with ${code} before printing its URL:\n${log}`));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopChild(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A CSV to load through the UI: the real CICIDS2017 sample when it is beside the repository, else a
 * labelled demo CSV written by the CLI's `demo` command into `dir`.
 */
export function sampleCsv(dir: string): { path: string; real: boolean } {
  if (existsSync(REAL_SAMPLE_CSV)) return { path: REAL_SAMPLE_CSV, real: true };
  const out = join(dir, 'demo-5000.csv');
  const { file, nodeArgs } = cliCommand();
  const r = spawnSync(
    process.execPath,
    [...nodeArgs, file, 'demo', '--rows', '5000', '--out', out],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  if (r.status !== 0 || !existsSync(out))
    throw new Error(`rampart demo failed (${r.status}): ${r.stderr}`);
  return { path: out, real: false };
}
