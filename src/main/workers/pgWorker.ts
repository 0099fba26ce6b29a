/**
 * The thread behind PgSyncDatabase (store/sql/pgSync.ts): it holds one PostgreSQL connection
 * (node-postgres) and runs each query the store's thread sends, replying on the port and waking
 * that thread through the shared flag. One connection, so a transaction's statements all run on
 * it in order. A lost connection fails the query in flight (and with it the open transaction);
 * the next query opens a new connection, so a PostgreSQL restart costs the callers a retry, not
 * the process.
 */
import pg from 'pg';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';

interface Init {
  url: string;
  port: MessagePort;
  flag: Int32Array;
  applicationName: string;
}

interface Query {
  text: string;
  values: unknown[];
  array: boolean;
}

// Numbers as SQLite returns them: 64-bit integers, numerics and booleans as JS numbers.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1700, (v) => Number(v));
pg.types.setTypeParser(16, (v) => (v === 't' ? 1 : 0));

const init = workerData as Init;
let client: pg.Client | null = null;
let broken = false;

async function connection(): Promise<pg.Client> {
  if (client && !broken) return client;
  if (client) void client.end().catch(() => {});
  broken = false;
  const c = new pg.Client({
    connectionString: init.url,
    application_name: init.applicationName,
    connectionTimeoutMillis: 10_000,
  });
  c.on('error', () => {
    broken = true;
  });
  client = c;
  try {
    await c.connect();
  } catch (err) {
    broken = true;
    throw err;
  }
  return c;
}

/** Buffers arrive as Uint8Array (structured clone); node-postgres sends a Buffer as bytea. */
function toParam(v: unknown): unknown {
  if (v instanceof Uint8Array && !Buffer.isBuffer(v))
    return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  if (v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  return v;
}

async function run(q: Query): Promise<unknown> {
  const c = await connection();
  try {
    const values = q.values.length > 0 ? q.values.map(toParam) : undefined;
    const r: pg.QueryResult = q.array
      ? await c.query({ text: q.text, values, rowMode: 'array' })
      : await c.query({ text: q.text, values });
    return { ok: true, rows: r.rows ?? [], rowCount: r.rowCount ?? 0 };
  } catch (err) {
    const e = err as { message?: string; code?: string; detail?: string };
    if (!e.code) broken = true; // not a server error: the connection itself failed
    return { ok: false, message: e.message ?? String(err), code: e.code ?? null, detail: e.detail };
  }
}

async function close(): Promise<void> {
  if (client) await client.end().catch(() => {});
  client = null;
}

let chain = Promise.resolve();
init.port.on('message', (msg: { id: number; close?: boolean } & Query) => {
  chain = chain.then(async () => {
    let reply: unknown;
    try {
      if (msg.close) {
        await close();
        reply = { ok: true, rows: [], rowCount: 0 };
      } else reply = await run(msg);
    } catch (err) {
      reply = { ok: false, message: err instanceof Error ? err.message : String(err), code: null };
    }
    // The request's number goes back with its reply, so the caller never takes one for another.
    init.port.postMessage({ ...(reply as object), id: msg.id });
    Atomics.store(init.flag, 0, 1);
    Atomics.notify(init.flag, 0);
  });
});
parentPort?.on('close', () => void close());
