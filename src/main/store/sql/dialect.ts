/**
 * The store's SQL is written once, in SQLite's dialect; this translates it for PostgreSQL. The
 * constructs the store uses are few and fixed (the SQL is constant text, never built from input),
 * so a translation of those constructs is complete — and `tests/unit/store-dialect.test.ts`
 * PREPAREs every statement on a real PostgreSQL to prove it. What changes:
 *
 * - parameters: `?` and `@name` become `$n` (a name used twice binds one parameter);
 * - `IFNULL` becomes `COALESCE` (`IFNULL(x, '')` compares as text, as SQLite's does);
 * - `LIKE` becomes `ILIKE` (SQLite's LIKE ignores ASCII case);
 * - `GROUP_CONCAT(DISTINCT x)` becomes `string_agg(DISTINCT x::text, ',')`;
 * - `json_valid`, `json_extract` and `json_each` call small SQL functions of the same meaning
 *   that the PostgreSQL schema defines (COMPAT_FUNCTIONS_SQL);
 * - an INSERT into a table with an `id` column returns it (SQLite's lastInsertRowid);
 * - in DDL: INTEGER → BIGINT (SQLite's integers are 64-bit), an INTEGER PRIMARY KEY is an
 *   identity column, REAL → DOUBLE PRECISION, BLOB → BYTEA, TEXT compares byte-wise (COLLATE "C",
 *   as SQLite's BINARY), a table keyed by text gets SQLite's implicit `rowid` as a column, and each `RAISE(ABORT, …)` trigger becomes a PL/pgSQL trigger function.
 */

/** A statement translated for PostgreSQL: its text and, for named parameters, their order. */
export interface PgStatement {
  text: string;
  /** `$n` is names[n - 1]; null for positional (`?`) statements. */
  names: string[] | null;
  /** The statement returns rows (a SELECT, or an INSERT made to return its id). */
  returnsRows: boolean;
}

/**
 * SQL functions PostgreSQL lacks under SQLite's names, with SQLite's meaning for the uses the
 * store makes of them: `json_valid(text)`, `json_extract(text, '$.key')` (text) and
 * `json_each(text, '$.key')` over an array of numbers (value numeric).
 */
export const COMPAT_FUNCTIONS_SQL = `
CREATE OR REPLACE FUNCTION rampart_json_valid(t text) RETURNS boolean
  LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF t IS NULL THEN RETURN NULL; END IF;
  PERFORM t::jsonb;
  RETURN true;
EXCEPTION WHEN others THEN
  RETURN false;
END $$;
CREATE OR REPLACE FUNCTION rampart_json_extract(t text, path text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT t::jsonb #>> string_to_array(substr(path, 3), '.')
$$;
CREATE OR REPLACE FUNCTION rampart_json_each(t text, path text DEFAULT '$')
  RETURNS TABLE (value numeric) LANGUAGE sql IMMUTABLE AS $$
  SELECT e::numeric FROM jsonb_array_elements_text(
    CASE WHEN path = '$' THEN t::jsonb ELSE t::jsonb #> string_to_array(substr(path, 3), '.') END
  ) AS e
  WHERE e ~ '^-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?$'
$$;
`;

/** Split sql into code and quoted parts so rewrites never touch a string literal. */
function mapCode(sql: string, f: (code: string) => string): string {
  const parts = sql.split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/);
  return parts.map((p, i) => (i % 2 === 1 ? p : f(p))).join('');
}

/** Rewrite SQLite-only functions and operators (outside string literals). */
function rewriteFunctions(sql: string): string {
  // IFNULL(x, '') spans a string literal, which mapCode hides from the rewrites: match it first
  // (x holds no quote, so the match never starts inside a literal).
  const emptyText = sql.replace(/\bIFNULL\(\s*([^,()']+),\s*''\s*\)/gi, "COALESCE(($1)::text, '')");
  return mapCode(emptyText, (code) =>
    code
      .replace(/\bIFNULL\(/gi, 'COALESCE(')
      .replace(
        /\bGROUP_CONCAT\(\s*DISTINCT\s+([^()]+?)\s*\)/gi,
        "string_agg(DISTINCT ($1)::text, ',')",
      )
      .replace(/\bGROUP_CONCAT\(\s*([^()]+?)\s*\)/gi, "string_agg(($1)::text, ',')")
      .replace(/\bjson_valid\(/gi, 'rampart_json_valid(')
      .replace(/\bjson_extract\(/gi, 'rampart_json_extract(')
      .replace(/\bjson_each\(/gi, 'rampart_json_each(')
      .replace(/\bNOT\s+LIKE\b/gi, 'NOT ILIKE')
      .replace(/(?<!NOT\s+)\bLIKE\b/gi, 'ILIKE'),
  );
}

/** Translate one DML statement (SELECT / INSERT / UPDATE / DELETE). */
export function toPostgres(sql: string, idTables: ReadonlySet<string>): PgStatement {
  let names: string[] | null = null;
  let positional = 0;
  let text = mapCode(rewriteFunctions(sql), (code) =>
    code.replace(/\?|@([A-Za-z_][A-Za-z0-9_]*)/g, (m, name: string | undefined) => {
      if (name === undefined) return `$${++positional}`;
      names ??= [];
      let i = names.indexOf(name);
      if (i < 0) i = names.push(name) - 1;
      return `$${i + 1}`;
    }),
  );
  if (names && positional > 0) throw new Error(`mixed ? and @name parameters in: ${sql}`);
  const insert = /^\s*INSERT\s+(?:OR\s+IGNORE\s+)?INTO\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(text);
  if (/^\s*INSERT\s+OR\s+IGNORE\b/i.test(text)) {
    text = text.replace(/^\s*INSERT\s+OR\s+IGNORE\b/i, 'INSERT') + ' ON CONFLICT DO NOTHING';
  }
  if (/^\s*INSERT\s+OR\s+REPLACE\b/i.test(text))
    throw new Error(`INSERT OR REPLACE has no PostgreSQL translation: ${sql}`);
  let returnsRows = /^\s*(SELECT|WITH|VALUES)\b/i.test(text) || /\bRETURNING\b/i.test(text);
  if (insert && !returnsRows && idTables.has(insert[1]!.toLowerCase())) {
    text += ' RETURNING id';
    returnsRows = true;
  }
  return { text, names, returnsRows };
}

/** Translates a migration's DDL, remembering each trigger's table (for DROP TRIGGER). */
export class DdlTranslator {
  private readonly triggerTables = new Map<string, string>();

  /** The PostgreSQL form of a SQLite DDL script (several statements). */
  translate(sql: string): string {
    const noComments = sql.replace(/--[^\n]*/g, '');
    const withTriggers = noComments.replace(
      /CREATE\s+TRIGGER\s+(\w+)\s+BEFORE\s+(UPDATE|DELETE|INSERT)\s+ON\s+(\w+)\s*(?:WHEN\s+([\s\S]*?))?\s*BEGIN\s+SELECT\s+RAISE\(\s*ABORT\s*,\s*('(?:[^']|'')*')\s*\)\s*;\s*END\s*;/gi,
      (_m, name: string, event: string, table: string, when: string | undefined, msg: string) => {
        this.triggerTables.set(name.toLowerCase(), table);
        const cond = when ? rewriteFunctions(when.trim()) : 'true';
        const ret = event.toUpperCase() === 'DELETE' ? 'OLD' : 'NEW';
        return (
          `CREATE OR REPLACE FUNCTION ${name}_fn() RETURNS trigger LANGUAGE plpgsql AS $fn$ ` +
          `BEGIN IF ${cond} THEN RAISE EXCEPTION ${msg}; END IF; RETURN ${ret}; END $fn$;\n` +
          `CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}_fn();`
        );
      },
    );
    const dropped = withTriggers.replace(/DROP\s+TRIGGER\s+(\w+)\s*;/gi, (_m, name: string) => {
      const table = this.triggerTables.get(name.toLowerCase());
      if (!table) throw new Error(`DROP TRIGGER ${name}: its table is unknown`);
      return `DROP TRIGGER ${name} ON ${table};`;
    });
    // A table keyed by text still has SQLite's implicit rowid, which queries order by.
    const rowids = dropped.replace(
      /(CREATE\s+TABLE\s+\w+\s*\(\s*)(\w+\s+TEXT\s+PRIMARY\s+KEY\s*,)/gi,
      '$1rowid BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE, $2',
    );
    return mapCode(rowids, (code) =>
      code
        .replace(
          /\bINTEGER\s+PRIMARY\s+KEY\b/gi,
          'BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY',
        )
        .replace(/\bINTEGER\b/g, 'BIGINT')
        .replace(/\bREAL\b/g, 'DOUBLE PRECISION')
        .replace(/\bBLOB\b/g, 'BYTEA')
        .replace(/\bTEXT\b/g, 'TEXT COLLATE "C"')
        .replace(/\bIFNULL\(/gi, 'COALESCE('),
    );
  }
}
