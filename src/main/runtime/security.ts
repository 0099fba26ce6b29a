/** Token, origin and header policy of the headless host: what keeps other local programs and web pages out. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A fresh per-run access token: 32 random bytes, hex. */
export function makeToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Constant-time token comparison. Both sides are hashed first so that timingSafeEqual sees equal
 * lengths and the length of the secret does not leak either.
 */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

/** The token of a fetch request: `Authorization: Bearer <token>`. */
export function bearerToken(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? (m[1] ?? null) : null;
}

/** True for addresses that only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/**
 * The `host:port` authorities this server answers to. Checking Host defeats DNS rebinding (a
 * hostile page whose name resolves to 127.0.0.1); checking Origin defeats cross-site requests.
 */
export function allowedAuthorities(boundHost: string, port: number): Set<string> {
  const set = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  // A specific non-loopback address the user chose to bind is also the server's own name.
  if (!isLoopback(boundHost) && boundHost !== '0.0.0.0' && boundHost !== '::') {
    set.add(boundHost.includes(':') ? `[${boundHost}]:${port}` : `${boundHost}:${port}`);
  }
  return set;
}

/** Why a request's Host / Origin is refused, or null when it is acceptable. */
export function originProblem(req: IncomingMessage, allowed: Set<string>): string | null {
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowed.has(host)) return 'unexpected Host header';
  const origin = req.headers.origin;
  // Non-browser clients (CLI, tests) send no Origin; browsers always send one on POST and upgrades.
  if (origin === undefined) return null;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return 'malformed Origin header';
  }
  if (parsed.protocol !== 'http:' || !allowed.has(parsed.host.toLowerCase()))
    return 'cross-origin request';
  return null;
}

/** The Content-Security-Policy of every response: only this server's scripts, styles and sockets. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Set the headers every response carries. */
export function setSecurityHeaders(res: ServerResponse, port: number): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(port));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

/** Send a small JSON body with the given status. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}
