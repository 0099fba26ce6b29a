/** Binding the TCP and HTTP listeners: only to the address asked for, with a readable error. */
import type { AddressInfo, Server } from 'node:net';
import { isLoopback } from '../../../runtime/security';

/** Listen on host:port (0: any free port); resolves with the port bound. */
export function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(new Error(`cannot listen on ${hostPort(host, port)}: ${err.code ?? err.message}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Close a listener; resolves once it no longer accepts (open connections are the caller's). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** `host:port`, with IPv6 hosts in brackets. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Whether an Origin header names this machine (a page served from localhost). */
export function isLocalOrigin(origin: string): boolean {
  try {
    const u = new URL(origin);
    const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
    return (u.protocol === 'http:' || u.protocol === 'https:') && isLoopback(host);
  } catch {
    return false;
  }
}

export { isLoopback };
