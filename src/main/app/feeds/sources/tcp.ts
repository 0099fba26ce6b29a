/**
 * TCP listener: each connection sends `AUTH <token>` as its first line, then NDJSON flows or a
 * CICFlowMeter CSV header followed by CSV rows. A wrong or missing token is counted and the
 * connection closed; a sender that drops simply reconnects (the listener keeps accepting).
 * Backpressure: while the feed's queue is full the connection is not read, so TCP flow control
 * stops the sender. At most maxConnections are open at once (one more is closed on accept), and an
 * authenticated sender silent for idleTimeoutMs is told `ERR idle timeout` and disconnected.
 */
import { createServer, type Socket } from 'node:net';
import { tokenMatches } from '../../../runtime/security';
import { decodeLast, decodeLines, splitter, type FeedSource, type Intake } from '../intake/intake';
import { Next, type LineSplitter } from '../intake/lines';
import { IdleTimer } from './idle';
import { SocketListener } from './listen';

const AUTH = /^AUTH\s+(\S+)\s*$/;

/** The `tcp` feed source. */
export class TcpSource extends SocketListener implements FeedSource {
  private seen = 0;

  constructor(host: string, port: number, token: string) {
    super('tcp', host, port, token);
  }

  async start(intake: Intake): Promise<{ done: Promise<void> }> {
    // Half-open: a sender's end of input does not close our side before every line it sent is
    // decoded, so "the connection closed" tells the sender its flows were taken.
    return this.bind(
      createServer({ allowHalfOpen: true }, (sock) => void this.serve(sock, intake)),
    );
  }

  private async serve(sock: Socket, intake: Intake): Promise<void> {
    if (!this.admit(sock, intake)) return;
    const label = `${this.where} conn#${++this.seen}`;
    const where = (n: number): string => `${label} line ${n}`;
    intake.connections(1);
    // A reset by the sender is normal; the loop below ends on it.
    sock.on('error', () => {});
    let authed = false;
    let refused = false;
    const refuse = (why: string): void => {
      refused = true;
      intake.refuse('unauthorized', where(1), why);
    };
    const timer = setTimeout(() => {
      if (authed || refused) return;
      refuse(`no AUTH line within ${intake.config.authTimeoutMs} ms`);
      sock.destroy();
    }, intake.config.authTimeoutMs);
    const idle = new IdleTimer(
      intake.config.idleTimeoutMs,
      () => intake.full,
      () => sock.end('ERR idle timeout\n', () => sock.destroy()),
    );
    const lines = splitter(intake);
    const decoder = intake.decoder('stream', where, 2);
    let clean = false;
    try {
      for await (const chunk of sock as AsyncIterable<Buffer>) {
        lines.push(chunk);
        if (authed) idle.touch();
        else {
          const verdict = this.auth(lines);
          if (verdict === null) continue; // the AUTH line has not ended yet
          clearTimeout(timer);
          if (verdict !== 'ok') {
            refuse(verdict);
            await new Promise<void>((resolve) => sock.end('ERR unauthorized\n', resolve));
            return;
          }
          authed = true;
          idle.touch();
          sock.write('OK\n');
        }
        if (!(await decodeLines(lines, decoder, intake))) return;
      }
      if (authed) await decodeLast(lines, decoder, intake);
      else if (!refused && !intake.signal.aborted) refuse('closed before sending AUTH <token>');
      clean = !intake.signal.aborted;
    } catch {
      // Destroyed on stop, or reset by the sender: what was decoded is kept, the rest was never read.
    } finally {
      clearTimeout(timer);
      idle.stop();
      this.sockets.delete(sock);
      intake.connections(-1);
      if (clean) sock.end();
      else sock.destroy();
    }
  }

  /** 'ok', why the first line is refused, or null while it is incomplete. */
  private auth(lines: LineSplitter): string | null {
    const k = lines.next();
    if (k === Next.None) return null;
    if (k === Next.Oversize) return 'first line is not AUTH <token> (oversize)';
    const text = lines.buf.toString('latin1', lines.start, Math.min(lines.end, lines.start + 512));
    const m = AUTH.exec(text);
    if (!m) return 'first line is not AUTH <token>';
    return tokenMatches(this.token, m[1]) ? 'ok' : 'wrong token';
  }
}
