/** A small argv parser: positionals, `--flag value`, `--flag a b c` lists and boolean switches. */

/** Parsed command line. */
export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  /** Values of each --option (several when it was followed by several values). */
  options: Map<string, string[]>;
}

/**
 * Parse argv (without node and script). `lists` names options that take every following value up
 * to the next option (e.g. `--train a.csv b.csv`); `switches` take none; the rest take one.
 */
export function parseArgs(
  argv: readonly string[],
  lists: readonly string[],
  switches: readonly string[],
): ParsedArgs {
  const [command, ...rest] = argv;
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (!a.startsWith('--')) {
      positionals.push(a);
      continue;
    }
    const [name = '', inline] = a.slice(2).split(/=(.*)/s, 2);
    const values = options.get(name) ?? [];
    options.set(name, values);
    if (inline !== undefined) values.push(inline);
    else if (switches.includes(name)) values.push('true');
    else if (lists.includes(name)) {
      while (i + 1 < rest.length && !(rest[i + 1] ?? '').startsWith('--'))
        values.push(rest[++i] ?? '');
    } else {
      const v = rest[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      values.push(v);
      i++;
    }
  }
  return { command, positionals, options };
}

/** A wrong command line; the CLI prints the message and exits 2. */
export class UsageError extends Error {}

/** The single value of an option, or the fallback. */
export function optString(p: ParsedArgs, name: string, fallback?: string): string | undefined {
  const v = p.options.get(name);
  return v && v.length > 0 ? v[v.length - 1] : fallback;
}

/** A numeric option within [min, max], or the fallback; a bad value is a UsageError. */
export function optNumber(
  p: ParsedArgs,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const s = optString(p, name);
  if (s === undefined) return fallback;
  const n = Number(s);
  if (!Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, got "${s}"`);
  return n;
}

/** True when a switch was given. */
export function optFlag(p: ParsedArgs, name: string): boolean {
  return p.options.has(name);
}

/** Refuse options the command does not know (catches typos such as --splt). */
export function checkKnown(p: ParsedArgs, known: readonly string[]): void {
  for (const k of p.options.keys())
    if (!known.includes(k)) throw new UsageError(`unknown option --${k}`);
}
