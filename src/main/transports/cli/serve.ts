/** `rampart serve [--port N] [--host H] [--db FILE] [--no-demo]` — the headless console. */
import { createAppService } from '../../app/service';
import { consoleUrlLine, createHeadlessHost } from '../server';
import { optFlag, optNumber, optString, type CliCommand, type ParsedArgs } from './args';
import { defaultDbPath } from './defaults';

/** `rampart serve`: the headless console. */
export const serve: CliCommand = {
  name: 'serve',
  synopsis: [['[--port N] [--host 127.0.0.1] [--db FILE] [--no-demo] [--demo-rows 20000]']],
  summary: ['the headless console: prints the URL (with its per-run token) to open in a browser'],
  options: {
    port: 'string',
    host: 'string',
    db: 'string',
    'no-demo': 'boolean',
    'demo-rows': 'string',
  },
  positionals: false,
  run: serveCommand,
};

/** Start the core and the HTTP + WebSocket host; runs until SIGINT/SIGTERM. */
async function serveCommand(p: ParsedArgs): Promise<number> {
  const service = await createAppService({
    dbPath: optString(p, 'db', defaultDbPath()) ?? defaultDbPath(),
    host: 'headless',
    seedDemo: !optFlag(p, 'no-demo'),
    demoRows: optNumber(p, 'demo-rows', 20_000, 100, 5_000_000),
  });
  const host = await createHeadlessHost({
    service,
    host: optString(p, 'host', '127.0.0.1'),
    port: optNumber(p, 'port', 0, 0, 65535),
  });
  console.log(consoleUrlLine(host.url));
  console.log(`database: ${service.dbPath}`);
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await host.close();
  await service.close();
  return 0;
}
