/**
 * The one way the store runs SQL: each repository declares its statements as a named SQL object
 * (`const SQL = { name: '…' } as const`) and runs them by name through a Statements, which
 * prepares each once per database on first use. No SQL is built from caller input anywhere.
 */
import type { SqlDatabase, SqlStatement } from './sql/database';

/** A repository's SQL by statement name. */
export type StatementSql = Readonly<Record<string, string>>;

/** A repository's named statements on one database, prepared lazily and kept. */
export class Statements<S extends StatementSql> {
  private readonly prepared = new Map<string, SqlStatement>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly sql: S,
  ) {}

  /** The prepared statement `name`. */
  get(name: keyof S & string): SqlStatement {
    return this.composed(name, this.sql[name]!);
  }

  /**
   * A statement composed from the repository's fixed SQL pieces (a filter or sort combination),
   * prepared once under `key`; caller text is only ever bound as a parameter.
   */
  composed(key: string, sql: string): SqlStatement {
    let s = this.prepared.get(key);
    if (!s) this.prepared.set(key, (s = this.db.prepare(sql)));
    return s;
  }
}
