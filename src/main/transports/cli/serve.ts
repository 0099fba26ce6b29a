/** `rampart serve [--port N] [--host H] [--db FILE] [--analysts FILE] [--no-demo]` — the headless console. */
import { existsSync } from 'node:fs';
import { createAppService } from '../../app/service';
import { join } from 'node:path';
import {
  ANALYSTS_FILE,
  consoleUrlLine,
  createHeadlessHost,
  localAnalystName,
  readAnalysts,
} from '../server';
import { optFlag, optNumber, optString, type CliCommand, type ParsedArgs } from './args';
import { dataDirFor, defaultDbPath } from './defaults';

/** `rampart serve`: the headless console. */
export const serve: CliCommand = {
  name: 'serve',
  synopsis: [
    [
      '[--port N] [--host 127.0.0.1] [--db FILE|postgres://…] [--data-dir DIR]',
      '[--analysts FILE] [--no-demo] [--demo-rows 20000]',
    ],
  ],
  summary: [
    'the headless console: prints the URL (with its per-run token) to open in a browser;',
    'requests are recorded as the analyst whose token they carry (the per-run token: you, "(local)";',
    '--analysts FILE, default analysts.json beside the database: see `rampart analyst`);',
    "on PostgreSQL several servers share one queue: each sees the others' decisions at once,",
    'a decision on an alert someone else decided first is refused as a conflict, and',
    'models, exports and analysts.json are kept in --data-dir (default ~/.local/share/rampart)',
  ],
  options: {
    port: 'string',
    host: 'string',
    db: 'string',
    'data-dir': 'string',
    analysts: 'string',
    'no-demo': 'boolean',
    'demo-rows': 'string',
  },
  positionals: false,
  run: serveCommand,
};

/** Start the core and the HTTP + WebSocket host; runs until SIGINT/SIGTERM. */
async function serveCommand(p: ParsedArgs): Promise<number> {
  const dbPath = optString(p, 'db', defaultDbPath()) ?? defaultDbPath();
  // Read before anything starts, so a bad file is refused without touching the database.
  const dataDir = dataDirFor(dbPath, optString(p, 'data-dir'));
  const analystsFile = optString(p, 'analysts') ?? join(dataDir, ANALYSTS_FILE);
  const analysts =
    p.options.has('analysts') || existsSync(analystsFile) ? readAnalysts(analystsFile) : [];
  const service = await createAppService({
    dbPath,
    dataDir,
    host: 'headless',
    seedDemo: !optFlag(p, 'no-demo'),
    demoRows: optNumber(p, 'demo-rows', 20_000, 100, 5_000_000),
  });
  const host = await createHeadlessHost({
    service,
    host: optString(p, 'host', '127.0.0.1'),
    port: optNumber(p, 'port', 0, 0, 65535),
    analysts,
  });
  console.log(consoleUrlLine(host.url));
  console.log(`database: ${service.dbPath}`);
  console.log(
    `analysts: ${[`${localAnalystName()} (the URL's token)`, ...analysts.map((a) => a.name)].join(', ')}` +
      (analysts.length ? ` (from ${analystsFile})` : ''),
  );
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  await service.close();
  return 0;
}
