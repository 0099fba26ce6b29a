/** Each command's options, parsed by node:util's parseArgs, and typed accessors for them. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ModelManager } from '../../domain/llm/modelManager';
import type { BackendPreference } from '../../domain/rl';

/**
 * How an option is given: `string` takes one value (`--seed 3`, `--seed=3`); `list` also takes
 * every value after it up to the next option (`--train a.csv b.csv`); `boolean` takes none.
 */
export type OptionKind = 'string' | 'list' | 'boolean';

/** One `rampart` command: its options, its usage text and what it runs. */
export interface CliCommand {
  name: string;
  /** Each way to call it, one line per element (long forms wrap onto the next element). */
  synopsis: readonly (readonly string[])[];
  /** What it does, one line per element. */
  summary: readonly string[];
  /** Every option it takes; anything else is a usage error. `--help` is added to each. */
  options: Readonly<Record<string, OptionKind>>;
  /** Whether it takes positional arguments (files); otherwise a stray word is a usage error. */
  positionals: boolean;
  /** Run it; resolves to the process exit code. */
  run: (p: ParsedArgs) => Promise<number>;
}

/** A parsed command line (after the command name). */
export interface ParsedArgs {
  positionals: string[];
  /** Values of each --option given, in order (several when repeated or a list). */
  options: Map<string, string[]>;
  /** The command line as typed, the command's name first (for the provenance of results). */
  argv?: readonly string[];
}

/** A wrong command line; the CLI prints the message with the usage and exits 2. */
export class UsageError extends Error {}

/** Parse argv (after the command name) against a command's options; a bad one is a UsageError. */
export function parseCommandArgs(cmd: CliCommand, argv: readonly string[]): ParsedArgs {
  const kinds: Record<string, OptionKind> = { ...cmd.options, help: 'boolean' };
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, kind] of Object.entries(kinds))
    config[name] = { type: kind === 'boolean' ? 'boolean' : 'string', multiple: true };
  config.help = { type: 'boolean', short: 'h', multiple: true };
  // Not strict: parseArgs would take `--db --json` as db = "--json" and word its errors its own
  // way; the tokens let this function refuse such lines with the messages below instead.
  const { tokens } = parseArgs({
    args: [...argv],
    options: config,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  let list: string[] | null = null; // the list option that the next positional belongs to
  for (const t of tokens) {
    if (t.kind === 'option-terminator') list = null;
    else if (t.kind === 'positional') (list ?? positionals).push(t.value);
    else {
      const kind = kinds[t.name];
      if (!kind) throw new UsageError(`unknown option ${t.rawName}`);
      const values = options.get(t.name) ?? [];
      options.set(t.name, values);
      list = null;
      if (kind === 'boolean') {
        if (t.value !== undefined) throw new UsageError(`${t.rawName} takes no value`);
        values.push('true');
      } else {
        if (t.value === undefined || (!t.inlineValue && t.value.startsWith('--')))
          throw new UsageError(`${t.rawName} needs a value`);
        values.push(t.value);
        if (kind === 'list' && !t.inlineValue) list = values;
      }
    }
  }
  if (!cmd.positionals && positionals.length > 0)
    throw new UsageError(`${cmd.name} takes no argument "${positionals[0]}"`);
  return { positionals, options };
}

/** The single (last) value of an option, or the fallback. */
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

/**
 * `--llm-threads N` as model settings: `{ threads: N }`, or `{}` (the model manager's default, the
 * physical cores) when not given; fewer threads when another job shares the machine.
 */
export function optLlmThreads(p: ParsedArgs): { threads?: number } {
  return p.options.has('llm-threads') ? { threads: optNumber(p, 'llm-threads', 1, 1, 256) } : {};
}

/**
 * Load the GGUF a command was given (with its --llm-threads), or fail naming the file and why; the
 * caller disposes the manager.
 */
export async function loadCliModel(p: ParsedArgs, model: string): Promise<ModelManager> {
  const manager = new ModelManager();
  const state = await manager.load({ modelPath: model, ...optLlmThreads(p) });
  if (state.status !== 'loaded') {
    await manager.dispose();
    throw new Error(
      `cannot load ${model}: ${state.status === 'error' ? state.message : state.status}`,
    );
  }
  return manager;
}

/** True when a switch was given. */
export function optFlag(p: ParsedArgs, name: string): boolean {
  return p.options.has(name);
}

const BACKENDS: readonly BackendPreference[] = [
  'auto',
  'tensorflow-gpu',
  'fast',
  'tensorflow',
  'wasm',
  'cpu',
];

/** `--backend`: the learner preference (default auto; 'fast' is the fused learner), refused outside the known ones. */
export function optBackend(p: ParsedArgs): BackendPreference {
  const backend = optString(p, 'backend', 'auto') as BackendPreference;
  if (!BACKENDS.includes(backend))
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}`);
  return backend;
}
