/**
 * The headless host: the same core as the Electron app, served to a browser over plain node:http
 * (static renderer, `POST /api/<request>`, `POST /api/upload`) and a WebSocket for events.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { projectRoot } from '../../runtime/paths';
import type { AppService } from '../../app/types';
import { exportsDir } from '../../app/queries/exportDecisions';
import { handleApiRequest } from './api';
import { identify, localAnalystName, tokenDigest, type Analyst } from './analysts';
import { serveExport } from './exportFile';
import { createEventSocket } from './events';
import {
  allowedAuthorities,
  bearerToken,
  isLoopback,
  makeToken,
  originProblem,
  sendJson,
  setSecurityHeaders,
} from '../../runtime/security';
import { serveStatic } from './static';
import { Uploads, type UploadLimits } from './upload';

/** Options of {@link createHeadlessHost}. */
export interface HeadlessHostOptions {
  /** The running core whose handlers and events are exposed. */
  service: AppService;
  /** Interface to bind. Default '127.0.0.1'; anything else prints a warning. */
  host?: string;
  /** TCP port. Default 0: any free port. */
  port?: number;
  /** Access token. Default: 32 random bytes, hex, new on every run. */
  token?: string;
  /** Who requests with `token` are recorded as. Default: `<OS user> (local)`. */
  tokenName?: string;
  /** Further analysts, each with a token of their own (see analysts.ts). Default: none. */
  analysts?: readonly Analyst[];
  /** Folder of the built renderer. Default `<project>/out/renderer`. */
  rendererDir?: string;
  /** Largest accepted upload in bytes. Default 8 GiB. */
  maxUploadBytes?: number;
  /** The other upload limits (per-token uploads in flight, free-space floor); see UploadLimits. */
  uploadLimits?: Partial<Omit<UploadLimits, 'maxBytes'>>;
}

/** A running headless host. */
export interface HeadlessHost {
  /** Address to open in a browser, with `?token=…`. */
  url: string;
  port: number;
  token: string;
  /** Stop accepting connections, close WebSockets and remove this run's uploads. */
  close(): Promise<void>;
}

/**
 * The line announcing a running console, `Rampart console: <url>`. `rampart serve` and the
 * Electron app's e2e host print it; scripts and tests read the URL (with its token) from it.
 */
export function consoleUrlLine(url: string): string {
  return `Rampart console: ${url}`;
}

/** Percent-decode a request name; a malformed escape yields a name no request has. */
function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Start the headless host; resolves once it is listening. */
export async function createHeadlessHost(opts: HeadlessHostOptions): Promise<HeadlessHost> {
  const bindHost = opts.host ?? '127.0.0.1';
  const token = opts.token ?? makeToken();
  const analysts: Analyst[] = [
    { name: opts.tokenName ?? localAnalystName(), tokenSha256: tokenDigest(token) },
    ...(opts.analysts ?? []),
  ];
  const rendererDir = opts.rendererDir ?? join(projectRoot(), 'out', 'renderer');
  // Each run's uploads get their own private folder, removed on close; a crashed run's are
  // removed here.
  const uploads = await Uploads.open({
    ...opts.uploadLimits,
    ...(opts.maxUploadBytes === undefined ? {} : { maxBytes: opts.maxUploadBytes }),
  });
  const events = createEventSocket(opts.service.events);
  let port = 0;
  let allowed = new Set<string>();

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, port);
    const problem = originProblem(req, allowed);
    if (problem) return sendJson(res, 403, { ok: false, error: problem, code: 'forbidden' });
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    // The raw path (not URL-normalised) reaches the static resolver, which refuses `..` itself.
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));

    if (path === '/api' || path.startsWith('/api/')) {
      const actor = identify(analysts, bearerToken(req));
      if (actor === null) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        return sendJson(res, 401, {
          ok: false,
          error: 'missing or wrong token',
          code: 'unauthorized',
        });
      }
      // Health and lag for monitoring (the database, the shared-store listener, stream intake).
      if (path === '/api/health' && req.method === 'GET')
        return sendJson(res, 200, { ok: true, result: opts.service.health() });
      if (req.method !== 'POST') {
        res.setHeader('Allow', 'POST');
        return sendJson(res, 405, { ok: false, error: 'use POST', code: 'invalid_request' });
      }
      const name = safeDecode(path.slice('/api/'.length));
      if (name === 'upload')
        return uploads.handle(req, res, query.get('name'), bearerToken(req) ?? '');
      if (name === 'export-file')
        return serveExport(res, exportsDir(opts.service.dataDir), query.get('name'));
      return handleApiRequest(req, res, opts.service.handlers, name, { actor });
    }
    if (path === '/events') {
      res.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
      res.end('WebSocket upgrade required');
      return;
    }
    return serveStatic(req, res, rendererDir, path);
  }

  function refuseUpgrade(socket: Duplex, status: string): void {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://placeholder');
    if (url.pathname !== '/events') return refuseUpgrade(socket, '404 Not Found');
    if (originProblem(req, allowed)) return refuseUpgrade(socket, '403 Forbidden');
    // Browsers cannot set headers on a WebSocket, so the token rides in the query here.
    if (identify(analysts, url.searchParams.get('token') ?? bearerToken(req)) === null) {
      return refuseUpgrade(socket, '401 Unauthorized');
    }
    events.accept(req, socket, head);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      console.error('rampart: HTTP request failed:', err);
      if (!res.headersSent)
        sendJson(res, 500, { ok: false, error: 'internal error', code: 'internal' });
      else res.destroy();
    });
  });
  server.on('upgrade', upgrade);
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, bindHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  allowed = allowedAuthorities(bindHost, port);
  if (!isLoopback(bindHost)) {
    console.warn(
      `rampart: WARNING: listening on ${bindHost}:${port}, which other machines may reach. ` +
        'Anyone with the token can read and load data; prefer 127.0.0.1 and an SSH tunnel.',
    );
  }

  const urlHost = bindHost === '0.0.0.0' || bindHost === '::' ? '127.0.0.1' : bindHost;
  return {
    url: `http://${urlHost.includes(':') ? `[${urlHost}]` : urlHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      await events.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await uploads.close();
    },
  };
}
