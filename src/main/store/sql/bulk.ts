/**
 * Many rows through one INSERT statement. On SQLite a prepared statement per row is already the
 * fast way; on PostgreSQL each statement is a round trip to the server, so the rows go as
 * multi-row INSERTs (PgPrepared.runMany) — what makes a stream worker's batch a handful of round
 * trips instead of one per flow, alert and recommendation.
 */
import type { SqlStatement } from './database';
import { PgPrepared } from './pgSync';

/** Run `stmt` for each row; the rows changed and, for an INSERT of new rows, their ids in order. */
export function runMany(
  stmt: SqlStatement,
  rows: readonly unknown[][],
): { changes: number; ids: number[] } {
  if (stmt instanceof PgPrepared) return stmt.runMany(rows);
  let changes = 0;
  const ids: number[] = [];
  for (const r of rows) {
    const info = stmt.run(...r);
    changes += info.changes;
    ids.push(Number(info.lastInsertRowid));
  }
  return { changes, ids };
}
