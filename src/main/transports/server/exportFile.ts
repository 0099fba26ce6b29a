/** `POST /api/export-file?name=<file>`: download a file `export.decisions` wrote (token required). */
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { sendJson } from '../../runtime/security';

/** Export file names as export.decisions makes them; nothing else (no paths) is served. */
const NAME = /^(decisions|audit)(-ds\d+)?-[\dT-]+Z\.(csv|json)$/;

/** Stream one export file, or answer 400/404 naming the reason. */
export function serveExport(res: ServerResponse, dir: string, name: string | null): void {
  if (!name || !NAME.test(name))
    return sendJson(res, 400, {
      ok: false,
      error: 'not an export file name',
      code: 'invalid_request',
    });
  const path = join(dir, name);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return sendJson(res, 404, { ok: false, error: `no export ${name}`, code: 'not_found' });
  }
  res.writeHead(200, {
    'Content-Type': name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'application/json',
    'Content-Length': String(size),
    'Content-Disposition': `attachment; filename="${name}"`,
  });
  createReadStream(path).pipe(res);
}
