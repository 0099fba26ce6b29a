/**
 * A real nats-server with JetStream for integration tests: on a free loopback port, storing in a
 * temp folder, restartable on the same port and folder (the durable state survives). Returns null
 * when nats-server is not installed, so the test can skip with a reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running test server. */
export interface TestNats {
  url: string;
  port: number;
  /** Stop the server and delete its store. */
  stop(): Promise<void>;
  /** Stop the server (SIGTERM) and start it again on the same port and store. */
  restart(): Promise<void>;
  /** Stop the server (SIGTERM), keeping its port and store for `start`. */
  halt(): Promise<void>;
  /** Start the halted server again on the same port and store. */
  start(): Promise<void>;
}

/** Why NATS tests skip here, or null when nats-server can run. */
export function natsMissing(): string | null {
  const r = spawnSync('nats-server', ['--version'], { encoding: 'utf8' });
  return r.error
    ? `nats-server is not on PATH (${r.error.message}); install Debian's nats-server to run this test`
    : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** Start nats-server -js; null when it is not installed. */
export async function startNats(): Promise<TestNats | null> {
  if (natsMissing() !== null) return null;
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rampart-nats-'));
  let child: ChildProcess | null = null;
  let log = '';
  const launch = async (): Promise<void> => {
    const c = spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child = c;
    c.stderr?.on('data', (d: Buffer) => (log = (log + d.toString('utf8')).slice(-4000)));
    const deadline = Date.now() + 15_000;
    while (!(await accepts(port))) {
      if (c.exitCode !== null) throw new Error(`nats-server exited ${c.exitCode}: ${log}`);
      if (Date.now() > deadline) throw new Error(`nats-server did not accept in 15 s: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const halt = async (): Promise<void> => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  };
  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    stop: async () => {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await halt();
      await launch();
    },
    halt,
    start: launch,
  };
}
