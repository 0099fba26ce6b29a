/** Wrapping a request's outcome in the reply envelope (src/shared/names.ts) every transport sends. */
import { ConflictError, InvalidRequestError } from '../../../shared/contract';
import type { ApiReply, ReplyErrorCode } from '../../../shared/names';

export type { ApiReply };

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
    if (err instanceof ConflictError) {
      return { ok: false, error: err.message, code: 'conflict', state: err.state };
    }
    console.error('rampart: request failed:', err);
    return { ok: false, error: err instanceof Error ? err.message : String(err), code: 'internal' };
  }
}

/** HTTP status of each error code. */
const HTTP_STATUS: Record<ReplyErrorCode, number> = {
  invalid_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  internal: 500,
};

/** HTTP status of a reply: 200, or the status its error code stands for. */
export function statusOf(reply: ApiReply): number {
  return reply.ok ? 200 : HTTP_STATUS[reply.code];
}
