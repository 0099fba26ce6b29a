/** Talking to a test's headless host directly (no browser): requests and waiting for a job. */
import WebSocket from 'ws';
import type {
  LoadFinished,
  RequestArgs,
  RequestName,
  RequestResult,
} from '../../../src/shared/contract';
import type { ConsoleServer } from './server';

/** How long a demo load (ingest, detector, policy training, recommendations) may take. */
const LOAD_TIMEOUT_MS = 150_000;

/** The host's address and a token: the URL's own, or analyst `as`'s (see writeAnalysts). */
function endpoint(server: ConsoleServer, as?: string): { base: string; token: string } {
  const url = new URL(server.url);
  const token = as === undefined ? url.searchParams.get('token') : server.tokens[as];
  if (!token) throw new Error(as === undefined ? `no token in ${server.url}` : `no analyst ${as}`);
  return { base: `${url.protocol}//${url.host}`, token };
}

/**
 * One contract request over `POST /api/<name>`, with the URL's token or as analyst `as`; throws
 * the host's error message.
 */
export async function callApi<K extends RequestName>(
  server: ConsoleServer,
  name: K,
  args: RequestArgs<K>,
  as?: string,
): Promise<RequestResult<K>> {
  const { base, token } = endpoint(server, as);
  const send = () =>
    fetch(`${base}/api/${name}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(args),
    });
  // Node's fetch reuses an idle keep-alive socket that the host may be closing at that moment
  // (seen once in CI as ECONNRESET on a read-only call, with the host alive); a reset before
  // any response on such a socket almost always means the request never reached the host, so it
  // is sent once more (only on ECONNRESET; any other failure is thrown).
  const res = await send().catch((e: unknown) => {
    if ((e as { cause?: { code?: string } }).cause?.code === 'ECONNRESET') return send();
    throw e;
  });
  const body = (await res.json()) as { ok: boolean; result?: unknown; error?: string };
  if (!body.ok) throw new Error(`${name}: ${body.error ?? `HTTP ${res.status}`}`);
  return body.result as RequestResult<K>;
}

/**
 * Load the demo dataset and wait for its job to finish (recommendations written): listens on the
 * event socket before starting the job, so its job.finished cannot be missed. Returns its id.
 */
export async function loadDemoDataset(
  server: ConsoleServer,
  args: RequestArgs<'datasets.loadDemo'>,
): Promise<number> {
  const { base, token } = endpoint(server);
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/events?token=${token}`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  try {
    const finished: LoadFinished[] = [];
    let wake: (() => void) | null = null;
    ws.on('message', (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { event: string; payload: unknown };
      if (msg.event === 'job.finished') {
        finished.push(msg.payload as LoadFinished);
        wake?.();
      }
    });
    const { jobId } = await callApi(server, 'datasets.loadDemo', args);
    const deadline = Date.now() + LOAD_TIMEOUT_MS;
    for (;;) {
      const f = finished.find((j) => j.jobId === jobId);
      if (f) {
        if (!f.ok || f.datasetId === null) throw new Error(`demo load failed: ${f.error}`);
        return f.datasetId;
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`demo load ${jobId} did not finish in ${LOAD_TIMEOUT_MS} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    ws.close();
  }
}
