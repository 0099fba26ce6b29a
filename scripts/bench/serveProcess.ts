/** A `rampart serve` child process on a database, for the team-scale benches. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'src/main/transports/cli/index.ts');

/** Start `rampart serve` on `db` and resolve with its base URL once it prints it. */
export async function startServe(
  db: string,
  dataDir: string,
  analystsFile: string,
): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      cli,
      'serve',
      '--db',
      db,
      '--data-dir',
      dataDir,
      '--analysts',
      analystsFile,
      '--no-demo',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-4000)));
  const url = await new Promise<string>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`serve did not start: ${err}`)), 90_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /Rampart console: (http:\/\/[^\s/]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        res(m[1]!);
      }
    });
    child.once('exit', (code) => rej(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, url, stderr: () => err };
}
