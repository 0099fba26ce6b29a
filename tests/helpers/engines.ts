/**
 * The store's two engines for the repository test matrix (tests/integration/store-engines-*):
 * an embedded SQLite file in a temp folder and a fresh database on a real PostgreSQL. Each test
 * gets a new, migrated, empty database; `raw` runs SQL in the engine's own dialect underneath the
 * store (what an attacker with database access could do), and `seed` writes a small realistic
 * dataset through the public Store API.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach } from 'vitest';
import { FEATURE_COUNT } from '../../src/main/domain/ingest/schema';
import type { AlertInsert } from '../../src/main/store/records';
import { Store } from '../../src/main/store/store';
import { makeBatch } from './batch';
import { freshDatabase, pgUnavailable, sql, stopServer } from './postgres';

/** One engine of the matrix. */
export interface Engine {
  name: 'sqlite' | 'postgres';
  /** Why this engine cannot run here (its tests skip), or null. */
  unavailable: string | null;
  /** A new, empty database: a file path or a postgres:// URL. */
  create(): Promise<string>;
  /** Run SQL in the engine's own dialect on its own connection; returns the rows. */
  raw(target: string, text: string, values?: unknown[]): Promise<Record<string, unknown>[]>;
}

const dirs: string[] = [];

const sqlite: Engine = {
  name: 'sqlite',
  unavailable: null,
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-engines-'));
    dirs.push(dir);
    return Promise.resolve(join(dir, 'r.sqlite'));
  },
  // async, so a refused statement rejects as PostgreSQL's does rather than throwing.
  async raw(target, text, values = []) {
    const db = new Database(target);
    try {
      const stmt = db.prepare(text);
      if (stmt.reader) return stmt.all(...values) as Record<string, unknown>[];
      stmt.run(...values);
      return [];
    } finally {
      db.close();
    }
  },
};

const postgres: Engine = {
  name: 'postgres',
  unavailable: pgUnavailable,
  create: () => freshDatabase('engines'),
  raw: (target, text, values = []) => sql(target, text, values),
};

/** Both engines; describe.each over it. */
export const ENGINES: readonly Engine[] = [sqlite, postgres];

/** What a test of the matrix works with. */
export interface EngineContext {
  /** The database of the current test. */
  target: string;
  /** The Store open on it (closed after the test). */
  store: Store;
  /** Open another Store on the test's database, or on `target` (closed after the test). */
  open(target?: string): Store;
}

/**
 * Register the hooks that give each test a fresh database and an open store; call inside the
 * engine's describe. Logs, once, why an engine is skipped.
 */
export function useEngine(engine: Engine): EngineContext {
  if (engine.unavailable) console.warn(`${engine.name} store tests skipped: ${engine.unavailable}`);
  const opened: Store[] = [];
  const ctx: EngineContext = {
    target: '',
    store: undefined as unknown as Store,
    open(target = ctx.target): Store {
      const s = Store.open(target);
      opened.push(s);
      return s;
    },
  };
  beforeEach(async () => {
    ctx.target = await engine.create();
    ctx.store = ctx.open();
  });
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });
  afterAll(async () => {
    if (engine.name === 'postgres') await stopServer();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return ctx;
}

/** The classes of the seeded dataset (flows.true_class indexes them). */
export const SEED_CLASSES = ['Benign', 'DDoS', 'PortScan'] as const;

/** What {@link seed} wrote. */
export interface Seeded {
  datasetId: number;
  detectorId: number;
  /** Signature ids by leaf (0, 1, 2: one per class). */
  signatureIds: number[];
  flowIds: number[];
  alertIds: number[];
  /** The alerts as inserted, in id order. */
  alerts: AlertInsert[];
}

/**
 * A dataset of `n` flows (one batch) with varied endpoints, times and labels, a detector with one
 * signature per class, and one alert per flow: class i % 3, confidence (i % 10) / 10 + 0.05,
 * status pending except every 7th approved. Flow i: source 10.0.<i % 4>.1 port 40000 + i,
 * destination 192.168.1.<i % 5> port 80 or 443 (i odd / even); every 6th flow has no time.
 */
export function seed(store: Store, n = 60, name = 'seed'): Seeded {
  const datasetId = store.createDataset(name, [`${name}.csv`], false, [...SEED_CLASSES]);
  const b = makeBatch(n, SEED_CLASSES.length, `${name}.csv`);
  for (let i = 0; i < n; i++) {
    b.srcIp[i] = `10.0.${i % 4}.1`;
    b.dstIp[i] = `192.168.1.${i % 5}`;
    b.dstPort[i] = i % 2 === 1 ? 80 : 443;
    b.timeMs[i] = i % 6 === 0 ? NaN : Date.UTC(2024, 0, 1) + (n - i) * 1000;
    b.labels[i] = SEED_CLASSES[i % SEED_CLASSES.length]!;
  }
  const flowIds = Array.from(store.insertFlows(datasetId, 0, b));
  store.finishDataset(datasetId, {
    status: 'ready',
    rowsSkipped: 0,
    classNames: [...SEED_CLASSES],
    report: { rows: n },
  });
  const detectorId = store.insertDetector({
    datasetId,
    config: '{}',
    classNames: JSON.stringify(SEED_CLASSES),
    featureNames: JSON.stringify(Array.from({ length: FEATURE_COUNT }, (_, j) => `f${j}`)),
    tree: '{}',
    report: '{}',
    trainRows: n,
    testRows: 0,
    trainMs: 1.5,
  });
  const signatureIds = store.insertSignatures(
    SEED_CLASSES.map((cls, leaf) => ({
      detectorId,
      leaf,
      className: cls,
      conditions: '[]',
      // Leaf 1's text holds LIKE's wildcards literally (escaping is tested on it).
      text: leaf === 1 ? 'Flow_Bytes > 50% of MAX' : `${cls} leaf ${leaf}`,
      n: 10 * (leaf + 1),
      c: 5 * (leaf + 1),
      alpha: 1,
      beta: 1,
    })),
  );
  const alerts: AlertInsert[] = flowIds.map((flowId, i) => ({
    flowId,
    datasetId,
    detectorId,
    signatureId: signatureIds[i % 3]!,
    predictedClass: SEED_CLASSES[i % 3]!,
    split: i % 2 === 0 ? 'test' : null,
    mean: (i % 10) / 10 + 0.05,
    lo: 0,
    hi: 1,
    status: i % 7 === 0 ? 'approved' : 'pending',
  }));
  const alertIds = Array.from(store.insertAlerts(alerts));
  return { datasetId, detectorId, signatureIds, flowIds, alertIds, alerts };
}
