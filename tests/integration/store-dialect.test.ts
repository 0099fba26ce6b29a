/**
 * Every named statement of the store, translated for PostgreSQL, is PREPAREd on a real, migrated
 * PostgreSQL database: a statement the dialect gets wrong fails here, not in an analyst's console.
 * And both engines' schemas, migrated from the one list, have the same tables and columns.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { AUDIT_SQL } from '../../src/main/store/auditLog';
import { DETECTOR_CHOICE_SQL } from '../../src/main/store/detectorChoice';
import { ENGINE_SQL } from '../../src/main/store/engineStore';
import { INCIDENT_SQL } from '../../src/main/store/incidents';
import { JOBS_SQL } from '../../src/main/store/jobs';
import { KG_SQL } from '../../src/main/store/kgSnapshots';
import { RECOVERY_SQL } from '../../src/main/store/recovery';
import { REPORT_SQL } from '../../src/main/store/reports';
import { toPostgres } from '../../src/main/store/sql/dialect';
import { Store } from '../../src/main/store/store';
import { STORE_SQL } from '../../src/main/store/storeSql';
import { freshDatabase, pgUnavailable, stopServer } from '../helpers/postgres';

const REPOSITORIES = {
  store: STORE_SQL,
  audit: AUDIT_SQL,
  detectorChoice: DETECTOR_CHOICE_SQL,
  engine: ENGINE_SQL,
  incidents: INCIDENT_SQL,
  jobs: JOBS_SQL,
  kg: KG_SQL,
  recovery: RECOVERY_SQL,
  reports: REPORT_SQL,
};

if (pgUnavailable) console.warn(`store-dialect: skipped, ${pgUnavailable}`);

describe.skipIf(pgUnavailable !== null)('the store on PostgreSQL', () => {
  afterAll(stopServer);

  it('PREPAREs every named statement of every repository', async () => {
    const url = await freshDatabase('dialect');
    Store.open(url).close(); // migrates
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const idTables = new Set(
        (
          await c.query<{ table_name: string }>(
            `SELECT table_name FROM information_schema.columns
             WHERE column_name = 'id' AND table_schema = current_schema()`,
          )
        ).rows.map((r) => r.table_name),
      );
      const failures: string[] = [];
      let n = 0;
      for (const [repo, statements] of Object.entries(REPOSITORIES)) {
        for (const [name, text] of Object.entries(statements)) {
          n++;
          const t = toPostgres(text, idTables);
          try {
            await c.query(`PREPARE s${n} AS ${t.text}`);
            await c.query(`DEALLOCATE s${n}`);
          } catch (err) {
            failures.push(`${repo}.${name}: ${(err as Error).message}\n  ${t.text}`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(n).toBeGreaterThan(100);
    } finally {
      await c.end();
    }
  });

  it('has the same tables and columns as the SQLite schema', async () => {
    const url = await freshDatabase('schema');
    Store.open(url).close();
    const lite = new Database(':memory:');
    const s = Store.open(':memory:');
    s.close();
    // An in-memory Store's connection is private: migrate a second in-memory database the same way.
    const { migrate } = await import('../../src/main/store/store');
    migrate(lite);
    const liteCols = new Set<string>();
    const tables = lite
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .all() as { name: string }[];
    for (const { name } of tables)
      for (const col of lite.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[])
        liteCols.add(`${name}.${col.name}`);
    lite.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const rows = (
      await c.query<{ table_name: string; column_name: string }>(
        `SELECT table_name, column_name FROM information_schema.columns
         WHERE table_schema = current_schema()`,
      )
    ).rows;
    await c.end();
    // SQLite's implicit rowid is a real column on PostgreSQL for tables keyed by text.
    const pgCols = new Set(
      rows.map((r) => `${r.table_name}.${r.column_name}`).filter((x) => !x.endsWith('.rowid')),
    );
    expect([...pgCols].sort()).toEqual([...liteCols].sort());
    expect(liteCols.size).toBeGreaterThan(100);
  });
});
