/**
 * HTTP listener: `POST /flows` with `Authorization: Bearer <token>` and a body of NDJSON flows or
 * a CICFlowMeter CSV (header line first). Answers with the request's own counts. A request whose
 * Host header does not name this listener (DNS rebinding) or with an Origin header that is not
 * this machine is refused (403), as is one without the token (401). At most maxConnections
 * sockets are open at once (one more is closed on accept); an authenticated request whose body
 * stalls for idleTimeoutMs is answered 408 and closed.
 * Backpressure: while the feed's queue is full the request body is not read, so the request waits
 * (TCP flow control holds the sender); it is answered once its last line is queued.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { bearerToken, sendJson, tokenMatches } from '../../../runtime/security';
import { decodeLast, decodeLines, splitter, type FeedSource, type Intake } from '../intake/intake';
import { IdleTimer } from './idle';
import { hostAllowed, isLocalOrigin, SocketListener } from './listen';

/** The `http` feed source. */
export class HttpSource extends SocketListener implements FeedSource {
  private requests = 0;

  constructor(host: string, port: number, token: string) {
    super('http', host, port, token);
  }

  async start(intake: Intake): Promise<{ done: Promise<void> }> {
    const server = createServer((req, res) => {
      this.handle(req, res, intake).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal error' });
        else res.destroy();
      });
    });
    server.on('connection', (s: Socket) => void this.admit(s, intake));
    server.on('clientError', (_err, socket) => socket.destroy());
    return this.bind(server);
  }

  private async handle(req: IncomingMessage, res: ServerResponse, intake: Intake): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/flows') return sendJson(res, 404, { ok: false, error: 'use POST /flows' });
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST');
      return sendJson(res, 405, { ok: false, error: 'use POST /flows' });
    }
    const label = `${this.where} req#${++this.requests}`;
    if (!hostAllowed(req.headers.host, this.address!.host, this.address!.port)) {
      const host = (req.headers.host ?? '(none)').slice(0, 100);
      intake.refuse('unauthorized', label, `unexpected Host header ${host}`);
      return refuse(res, 403, 'unexpected Host header');
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isLocalOrigin(origin)) {
      intake.refuse('unauthorized', label, `cross-origin request from ${origin.slice(0, 100)}`);
      return refuse(res, 403, 'cross-origin request refused');
    }
    if (!tokenMatches(this.token, bearerToken(req))) {
      intake.refuse('unauthorized', label, 'missing or wrong bearer token');
      res.setHeader('WWW-Authenticate', 'Bearer');
      return refuse(res, 401, 'missing or wrong token');
    }
    const decoder = intake.decoder('stream', (n) => `${label} line ${n}`);
    const lines = splitter(intake);
    intake.connections(1);
    let idled = false;
    const idle = new IdleTimer(
      intake.config.idleTimeoutMs,
      () => intake.full,
      () => {
        // Answer first, then close: the loop below ends when the request is destroyed.
        idled = true;
        res.setHeader('Connection', 'close');
        sendJson(res, 408, { ok: false, error: 'idle timeout: the request body stalled' });
        res.once('finish', () => req.destroy());
      },
    );
    idle.touch();
    let complete = true;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        idle.touch();
        lines.push(chunk);
        if (!(await decodeLines(lines, decoder, intake))) {
          complete = false;
          break;
        }
      }
      // A stalled body's last partial line is not a flow.
      if (complete && !idled) await decodeLast(lines, decoder, intake);
    } catch (err) {
      if (!idled) throw err;
    } finally {
      idle.stop();
      intake.connections(-1);
    }
    // What was decoded before the stall is kept; the 408 is already on its way.
    if (idled) return;
    const t = decoder.tally;
    const counts = {
      received: t.received,
      accepted: t.accepted,
      malformed: t.malformed,
      malformedByReason: t.byReason,
      examples: decoder.examples,
    };
    if (intake.signal.aborted) {
      res.setHeader('Connection', 'close');
      return sendJson(res, 503, { ok: false, error: 'the feed stopped', ...counts });
    }
    sendJson(res, 200, { ok: true, ...counts });
  }
}

/** Answer a refused request without reading its body, and close the connection after it. */
function refuse(res: ServerResponse, status: number, error: string): void {
  res.setHeader('Connection', 'close');
  sendJson(res, status, { ok: false, error });
}
