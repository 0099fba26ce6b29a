/**
 * Who is asking, on the headless host: each analyst has a name and a token of their own, kept as
 * its SHA-256 in an analysts file (`rampart analyst add NAME` writes one beside the database,
 * mode 0600). The per-run token printed by `rampart serve` stands for the OS user who started it.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { osUserName } from '../../runtime/osUser';

/** One analyst as the host keeps them: the name and the SHA-256 (hex) of their token. */
export interface Analyst {
  name: string;
  tokenSha256: string;
}

/** Longest analyst name (the audit's actor column takes any text; the contract's old limit). */
const MAX_NAME = 64;
/** Shortest token accepted in an analysts file that holds plain tokens. */
const MIN_TOKEN = 32;

/** The analysts file's name, beside the database. */
export const ANALYSTS_FILE = 'analysts.json';

/** The default analysts file of a database: `<database folder>/analysts.json`. */
export function analystsFileFor(dbPath: string): string {
  return join(dirname(resolve(dbPath)), ANALYSTS_FILE);
}

/** SHA-256 (hex) of a token. */
export function tokenDigest(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The name the per-run token's requests are recorded under: `<OS user> (local)`. */
export function localAnalystName(): string {
  return `${osUserName()} (local)`;
}

/**
 * Read an analysts file: a JSON array of `{name, token}` or `{name, tokenSha256}`. Names must be
 * unique; a plain token must be at least 32 characters. Throws naming the bad entry.
 */
export function readAnalysts(file: string): Analyst[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(
      `cannot read analysts file ${file}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!Array.isArray(parsed))
    throw new Error(`analysts file ${file}: expected a JSON array of {name, token}`);
  const seen = new Set<string>();
  return parsed.map((e: unknown, i) => {
    const where = `analysts file ${file}, entry ${i + 1}`;
    if (typeof e !== 'object' || e === null) throw new Error(`${where}: not an object`);
    const { name, token, tokenSha256 } = e as Record<string, unknown>;
    if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME)
      throw new Error(`${where}: name must be 1 to ${MAX_NAME} characters`);
    if (seen.has(name)) throw new Error(`${where}: analyst ${name} appears twice`);
    seen.add(name);
    if (typeof tokenSha256 === 'string' && /^[0-9a-f]{64}$/.test(tokenSha256))
      return { name, tokenSha256 };
    if (typeof token === 'string' && token.length >= MIN_TOKEN)
      return { name, tokenSha256: tokenDigest(token) };
    throw new Error(
      `${where}: needs "token" (at least ${MIN_TOKEN} characters) or "tokenSha256" (64 hex digits)`,
    );
  });
}

/**
 * Add an analyst with a fresh token to the analysts file (created mode 0600; only the token's
 * SHA-256 is stored) and return the token, which is shown once. Refuses a name already there.
 */
export function addAnalyst(file: string, name: string): string {
  if (name.trim() === '' || name.length > MAX_NAME)
    throw new Error(`an analyst name must be 1 to ${MAX_NAME} characters`);
  const analysts = existsSync(file) ? readAnalysts(file) : [];
  if (analysts.some((a) => a.name === name))
    throw new Error(`analyst ${name} is already in ${file}`);
  const token = randomBytes(32).toString('hex');
  analysts.push({ name, tokenSha256: tokenDigest(token) });
  // Write beside, then rename: a crash leaves the old file or the new one, never half of either.
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(analysts, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
  return token;
}

/**
 * The analyst a token belongs to, or null. Every entry is compared (in constant time, on the
 * tokens' SHA-256), whichever matches, so the time taken does not say which one did.
 */
export function identify(analysts: readonly Analyst[], given: string | null): string | null {
  if (typeof given !== 'string' || given.length === 0) return null;
  const digest = createHash('sha256').update(given, 'utf8').digest();
  let found: string | null = null;
  for (const a of analysts) {
    const match = timingSafeEqual(digest, Buffer.from(a.tokenSha256, 'hex'));
    if (match && found === null) found = a.name;
  }
  return found;
}
