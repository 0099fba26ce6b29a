/**
 * The Electron app's opt-in test hook (RAMPART_E2E_HOST=1): the headless host for the window's own
 * core, so end-to-end specs set data up over HTTP (same database, same event hub) while the window
 * talks IPC. Plain Node: no Electron import, so it is tested without the binary.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AppService } from '../../app/types';
import { osUserName } from '../../runtime/osUser';
import {
  ANALYSTS_FILE,
  consoleUrlLine,
  createHeadlessHost,
  readAnalysts,
  type HeadlessHost,
} from '../server';

/**
 * Serve `service` on 127.0.0.1, any free port, with a fresh random token, and print its URL the way
 * `rampart serve` does (`print` defaults to console.log, the app's stdout). Close it before the core.
 * Its token stands for the OS user, as the window does; analysts.json beside the database, when
 * there is one, adds analysts as for `rampart serve`.
 */
export async function startE2eHost(
  service: AppService,
  print: (line: string) => void = (line) => console.log(line),
): Promise<HeadlessHost> {
  const file = join(service.dataDir, ANALYSTS_FILE);
  const host = await createHeadlessHost({
    service,
    host: '127.0.0.1',
    port: 0,
    tokenName: osUserName(),
    analysts: existsSync(file) ? readAnalysts(file) : [],
  });
  print(consoleUrlLine(host.url));
  return host;
}
