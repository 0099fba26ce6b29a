/**
 * Binding the TCP and HTTP listeners: only to the address asked for, with a readable error, at
 * most maxConnections at a time, and (HTTP) answering only to this listener's own names.
 */
import { isIP, type AddressInfo, type Server, type Socket } from 'node:net';
import { allowedAuthorities, isLoopback } from '../../../runtime/security';
import type { Intake } from '../intake/intake';

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

/**
 * Whether one more connection fits when `open` are open already. If not, `refused` is told who it
 * was and the connection is reset at once, before any byte is read: a reset, not a plain close,
 * so the sender sees ECONNRESET straight away (Node's fetch otherwise waits on a socket closed
 * before it wrote).
 */
export function admitted(
  sock: Socket,
  open: number,
  max: number,
  refused: (peer: string) => void,
): boolean {
  if (open < max) return true;
  refused(peerOf(sock));
  sock.resetAndDestroy();
  return false;
}

/** `from host:port` of a connection's peer, for examples. */
function peerOf(sock: Socket): string {
  const { remoteAddress: a, remotePort: p } = sock;
  return a ? `from ${hostPort(a, p ?? 0)}` : 'from an unknown peer';
}

/** Wildcard addresses: the listener answers on every interface. */
const WILDCARDS = new Set(['0.0.0.0', '::']);

/**
 * Whether a request's Host header names this listener, as the headless host checks it (against
 * DNS rebinding: a hostile page whose name resolves here). A wildcard bind (only with allowRemote)
 * also answers to any IP address with its port, since remote senders name the machine by one and
 * a rebinding page can only send a name.
 */
export function hostAllowed(header: string | undefined, bound: string, port: number): boolean {
  const host = header?.toLowerCase();
  if (!host) return false;
  if (allowedAuthorities(bound, port).has(host)) return true;
  if (!WILDCARDS.has(bound)) return false;
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d+)$/.exec(host);
  if (!m || Number(m[3]) !== port) return false;
  const ip = m[1] ?? m[2] ?? '';
  return m[1] !== undefined ? isIP(ip) === 6 : isIP(ip) === 4;
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

/**
 * What the TCP and HTTP sources share: the address asked for and the one bound, the open
 * sockets, the connection cap and closing everything.
 */
export abstract class SocketListener {
  address: { host: string; port: number } | null = null;
  protected server: Server | null = null;
  protected readonly sockets = new Set<Socket>();

  constructor(
    protected readonly kind: 'tcp' | 'http',
    protected readonly host: string,
    protected readonly port: number,
    protected readonly token: string,
  ) {}

  /** `kind host:port` of the bound listener, for examples. */
  protected get where(): string {
    return `${this.kind} ${hostPort(this.address!.host, this.address!.port)}`;
  }

  /** Bind `server`; the source's feed then runs until it is closed. */
  protected async bind(server: Server): Promise<{ done: Promise<void> }> {
    const port = await listenOn(server, this.host, this.port);
    this.server = server;
    this.address = { host: this.host, port };
    return { done: new Promise<void>(() => {}) };
  }

  /**
   * Count a new connection in, or refuse it (counted, reset) when maxConnections are open; an
   * admitted socket leaves the count when it closes.
   */
  protected admit(sock: Socket, intake: Intake): boolean {
    const max = intake.config.maxConnections;
    const over = (peer: string): void =>
      intake.refuse(
        'connection-limit',
        `${this.where} ${peer}`,
        `${max} connections are open already`,
      );
    if (!admitted(sock, this.sockets.size, max, over)) return false;
    this.sockets.add(sock);
    sock.once('close', () => this.sockets.delete(sock));
    return true;
  }

  async close(): Promise<void> {
    const closing = this.server ? closeServer(this.server) : Promise.resolve();
    for (const s of this.sockets) s.destroy();
    await closing;
  }
}
