/** `rampart audit verify`: walk the audit log's hash chain; `rampart analyst add`: a named token. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditChainState } from '../../../shared/contract';
import { isPostgresUrl, redactUrl } from '../../store/sql/database';
import { Store } from '../../store/store';
import { addAnalyst, ANALYSTS_FILE, readAnalysts } from '../server';
import { optFlag, optString, UsageError, type CliCommand, type ParsedArgs } from './args';
import { dataDirFor, defaultDbPath } from './defaults';

/** `rampart audit verify`. */
export const audit: CliCommand = {
  name: 'audit',
  synopsis: [['verify [--db FILE] [--json] [--pin ID:HASH]']],
  summary: [
    'walk the audit log’s hash chain: exit 0 with "chain intact: N rows, head <hash>", or exit 1',
    'naming the first row that does not match and why. --pin: also require row ID to have HASH',
    '(a head printed earlier and kept elsewhere), which a rewrite of the whole log cannot keep',
  ],
  options: { db: 'string', json: 'boolean', pin: 'string' },
  positionals: true,
  run: auditCommand,
};

async function auditCommand(p: ParsedArgs): Promise<number> {
  const [sub, ...extra] = p.positionals;
  if (sub !== 'verify')
    throw new UsageError(sub ? `unknown audit action "${sub}"` : 'audit needs verify');
  if (extra.length) throw new UsageError(`audit verify takes no argument "${extra[0]}"`);
  const pin = parsePin(optString(p, 'pin'));
  const db = optString(p, 'db', defaultDbPath()) ?? defaultDbPath();
  // Opening would create an empty database, which would then verify as intact.
  if (!isPostgresUrl(db) && !existsSync(db)) throw new Error(`no database at ${db}`);
  // Read-only: it writes nothing and works while `rampart serve` holds the database.
  const store = Store.open(db, { readonly: true });
  let state: AuditChainState;
  let pinProblem: string | null = null;
  try {
    state = store.audit.verify();
    if (pin && state.intact) {
      const stored = store.audit.hashOf(pin.id);
      if (stored === null) pinProblem = `pinned row ${pin.id} is not in the log`;
      else if (stored !== pin.hash)
        pinProblem = `row ${pin.id} has hash ${stored}, not the pinned ${pin.hash}`;
    }
  } finally {
    store.close();
  }
  const ok = state.intact && pinProblem === null;
  if (optFlag(p, 'json'))
    console.log(
      JSON.stringify({ ...state, pin: pin ?? null, pinProblem, db: redactUrl(db) }, null, 2),
    );
  else console.log(describeChain(state, pinProblem));
  return ok ? 0 : 1;
}

/** The one-line verdict. */
export function describeChain(s: AuditChainState, pinProblem: string | null = null): string {
  if (s.problem)
    return `chain broken at row ${s.problem.row}: ${s.problem.reason} (${s.problem.detail}); ${s.rows} rows before it verified`;
  if (pinProblem) return `chain intact: ${s.rows} rows, but ${pinProblem}`;
  return `chain intact: ${s.rows} rows, head ${s.head ? `${s.head.hash} (row ${s.head.id})` : 'none (empty log)'}`;
}

function parsePin(v: string | undefined): { id: number; hash: string } | null {
  if (v === undefined) return null;
  const m = /^(\d+):([0-9a-f]{64})$/.exec(v);
  if (!m)
    throw new UsageError(`--pin must be ID:HASH (a row id and a 64-digit hex hash), got "${v}"`);
  return { id: Number(m[1]), hash: m[2]! };
}

/** `rampart analyst add NAME` / `rampart analyst list`. */
export const analyst: CliCommand = {
  name: 'analyst',
  synopsis: [['add NAME [--db FILE] [--file FILE]'], ['list [--db FILE] [--file FILE]']],
  summary: [
    'add: give analyst NAME a token of their own for `rampart serve` and print it (once); the',
    'file (default analysts.json beside the database, mode 0600) keeps only its SHA-256.',
    'list: the analysts the file names. Requests with a token are recorded as its analyst.',
  ],
  options: { db: 'string', file: 'string' },
  positionals: true,
  run: analystCommand,
};

async function analystCommand(p: ParsedArgs): Promise<number> {
  const [sub, ...rest] = p.positionals;
  const file =
    optString(p, 'file') ??
    join(dataDirFor(optString(p, 'db', defaultDbPath()) ?? defaultDbPath()), ANALYSTS_FILE);
  if (sub === 'add') {
    const [name, ...extra] = rest;
    if (name === undefined) throw new UsageError('analyst add needs a NAME');
    if (extra.length) throw new UsageError(`analyst add takes one NAME, got also "${extra[0]}"`);
    const token = addAnalyst(file, name);
    console.log(`analyst ${name} added to ${file}`);
    console.log(`token (shown once; give it to ${name}): ${token}`);
    return 0;
  }
  if (sub === 'list') {
    if (rest.length) throw new UsageError(`analyst list takes no argument "${rest[0]}"`);
    const names = existsSync(file) ? readAnalysts(file).map((a) => a.name) : [];
    console.log(names.length ? names.join('\n') : `no analysts in ${file}`);
    return 0;
  }
  throw new UsageError(sub ? `unknown analyst action "${sub}"` : 'analyst needs add or list');
}
