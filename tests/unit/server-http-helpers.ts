/** Helpers for the headless-host transport tests: a host on a temp renderer folder and raw HTTP. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeadlessHost, type HeadlessHost } from '../../src/main/transports/server/host';
import { createTransportDouble, type TransportDouble } from './server-transport-double';

/** A started host over the transport double, with a tiny fake renderer build. */
export interface TestHost {
  host: HeadlessHost;
  service: TransportDouble;
  rendererDir: string;
}

/** Start a host on a free port with a temp renderer folder (index.html, a script, a stylesheet). */
export async function startTestHost(extra: { maxUploadBytes?: number } = {}): Promise<TestHost> {
  const root = mkdtempSync(join(tmpdir(), 'rampart-host-test-'));
  const rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'app.css'), 'body{}');
  // A file beside (not under) the renderer folder that traversal attempts aim at.
  writeFileSync(join(root, 'secret.txt'), 'TOP-SECRET');
  const service = createTransportDouble();
  const host = await createHeadlessHost({ service, rendererDir, ...extra });
  return { host, service, rendererDir };
}

/** A raw HTTP response. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * Send a request exactly as given (path not normalised, any Host / Origin), which fetch() does not
 * allow.
 */
export function raw(
  port: number,
  opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { Host: `127.0.0.1:${port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** POST a JSON request to `/api/<name>` with the host's token. */
export function api(
  t: TestHost,
  name: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return raw(t.host.port, {
    method: 'POST',
    path: `/api/${name}`,
    headers: {
      Authorization: `Bearer ${t.host.token}`,
      'Content-Type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}
