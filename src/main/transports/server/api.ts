/** `POST /api/<request>`: a JSON body in, the contract's dispatch(), a JSON reply out. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dispatch, type Handlers, type RequestContext } from '../../app/hub/dispatch';
import { replyFor, statusOf } from './reply';
import { sendJson } from '../../runtime/security';

/** Largest JSON request body accepted. Requests carry small argument objects, never data. */
export const MAX_JSON_BYTES = 1024 * 1024;

/** Thrown while reading a body; carries the HTTP status to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Read and parse a JSON body of at most `limit` bytes; an empty body reads as `{}`. */
export async function readJsonBody(req: IncomingMessage, limit = MAX_JSON_BYTES): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  // Requiring application/json forces a CORS preflight on any cross-site attempt (defence in depth
  // behind the token and Origin checks).
  if (!/^application\/json\b/i.test(type)) {
    throw new BodyError(415, 'Content-Type must be application/json');
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit)
    throw new BodyError(413, 'request body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyError(413, 'request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(400, 'request body is not valid JSON');
  }
}

/** Answer one API request named `name`, already authenticated as `ctx.actor`. */
export async function handleApiRequest(
  req: IncomingMessage,
  res: ServerResponse,
  handlers: Handlers,
  name: string,
  ctx: RequestContext,
): Promise<void> {
  let args: unknown;
  try {
    args = await readJsonBody(req);
  } catch (err) {
    if (err instanceof BodyError) {
      if (err.status === 413) {
        // Stop reading a body we refused instead of draining it, once the answer is out.
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.destroy());
      }
      sendJson(res, err.status, { ok: false, error: err.message, code: 'invalid_request' });
      return;
    }
    throw err;
  }
  const reply = await replyFor(() => dispatch(handlers, name, args, ctx));
  sendJson(res, statusOf(reply), reply);
}
