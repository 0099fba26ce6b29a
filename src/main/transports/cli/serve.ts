/** `rampart serve [--port N] [--host H] [--db FILE] [--no-demo]` — the headless console. */
import { createAppService } from '../../app/service';
import { consoleUrlLine, createHeadlessHost } from '../server';
import { checkKnown, optFlag, optNumber, optString, type ParsedArgs } from './args';
import { defaultDbPath } from './defaults';

/** Start the core and the HTTP + WebSocket host; runs until SIGINT/SIGTERM. */
export async function serveCommand(p: ParsedArgs): Promise<number> {
  checkKnown(p, ['port', 'host', 'db', 'no-demo', 'demo-rows']);
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
