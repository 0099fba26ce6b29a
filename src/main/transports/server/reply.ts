/** The reply envelope shared by the HTTP API and Electron IPC, so both report errors the same way. */
import { InvalidRequestError } from '../../../shared/contract';

/** What a transport sends back for one request. */
export type ApiReply =
  | { ok: true; result: unknown }
  | { ok: false; error: string; code: 'invalid_request' | 'internal' };

/** Run a request and wrap its outcome; never throws. */
export async function replyFor(run: () => Promise<unknown>): Promise<ApiReply> {
  try {
    // JSON has no `undefined`: a handler that resolves to nothing becomes null on every transport.
    const result = (await run()) ?? null;
    return { ok: true, result };
  } catch (err) {
    if (err instanceof InvalidRequestError) {
      return { ok: false, error: err.message, code: 'invalid_request' };
    }
    console.error('rampart: request failed:', err);
    return { ok: false, error: err instanceof Error ? err.message : String(err), code: 'internal' };
  }
}

/** HTTP status of a reply: 200, 400 for a request the contract refuses, 500 otherwise. */
export function statusOf(reply: ApiReply): number {
  if (reply.ok) return 200;
  return reply.code === 'invalid_request' ? 400 : 500;
}
