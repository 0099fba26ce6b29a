/**
 * The optional enforcement connector: after the analyst approves an action, run the command the
 * user configured for its verb (say, a script that pushes an nftables rule). Off by default, and
 * only ever a fixed program (argv[0] an absolute path) run without a shell, whose placeholders are
 * filled with values that passed the enforcement validators: an action's target may come from an
 * LLM, so its text never reaches an argument unchecked. The caller audits the result.
 */
import { execFile, type ExecFileException } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { z } from 'zod';
import type { ResponseAction } from '../../domain/ir/core/types';
import { verb } from '../../domain/ir/core/verbs';
import {
  EnforcementError,
  validateAction,
  validateIncidentId,
  type ValidTarget,
} from '../../domain/ir/grounded/enforceValidate';

/** The connector's settings: whether it runs at all, its timeout, and argv templates by verb id. */
export interface ConnectorConfig {
  /** Default false: nothing runs until the user turns it on. */
  enabled: boolean;
  /** Default 15000. */
  timeoutMs: number;
  /**
   * Verb id → argv; argv[0] is the absolute path of the program. Placeholders {address} {host}
   * {port} {proto} {user} {incident} take the action's validated values.
   */
  templates: Record<string, string[]>;
}

/** Off, with no templates. */
export const DEFAULT_CONNECTOR: ConnectorConfig = {
  enabled: false,
  timeoutMs: 15_000,
  templates: {},
};

/** Each of stdout and stderr is cut to this many bytes in the result. */
const OUTPUT_CAP = 64 * 1024;
/** What the child may write before it is stopped (well above the cap: a chatty tool still ends). */
const MAX_BUFFER = 16 * OUTPUT_CAP;

const PLACEHOLDER = /\{([A-Za-z_]+)\}/g;
const NAMES = ['address', 'host', 'port', 'proto', 'user', 'incident'] as const;
type Name = (typeof NAMES)[number];
const isName = (s: string): s is Name => (NAMES as readonly string[]).includes(s);

const unknownPlaceholders = (arg: string): string[] =>
  [...arg.matchAll(PLACEHOLDER)].map((m) => m[1] ?? '').filter((n) => !isName(n));

const argv = z
  .array(z.string().min(1).max(4096))
  .min(1)
  .max(64)
  .superRefine((args, ctx) => {
    const program = args[0] ?? '';
    if (!isAbsolute(program) || program.includes('{'))
      ctx.addIssue({
        code: 'custom',
        message: `argv[0] "${program}" is not a fixed absolute path`,
      });
    for (const a of args)
      for (const n of unknownPlaceholders(a))
        ctx.addIssue({ code: 'custom', message: `unknown placeholder {${n}} in "${a}"` });
  });

const schema = z
  .object({
    enabled: z.boolean().default(false),
    timeoutMs: z.number().int().min(100).max(600_000).default(15_000),
    templates: z
      .record(z.string(), argv)
      .superRefine((templates, ctx) => {
        for (const id of Object.keys(templates))
          if (!verb(id))
            ctx.addIssue({ code: 'custom', path: [id], message: 'not a catalogue verb' });
      })
      .default({}),
  })
  .strict();

/** The connector config in a JSON file; a missing file is DEFAULT_CONNECTOR. Throws naming the file. */
export function loadConnectorConfig(path: string): ConnectorConfig {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      return { ...DEFAULT_CONNECTOR, templates: {} };
    throw new Error(`connector config ${path}: cannot read: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`connector config ${path}: not JSON: ${(e as Error).message}`);
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new Error(`connector config ${path}: ${why.join('; ')}`);
  }
  return r.data;
}

/** What a connector run did; `ran` false (with a reason) when nothing was started. */
export interface ConnectorResult {
  ran: boolean;
  argv: string[];
  exitCode: number | null;
  stdout: string;
  stderr: string;
  reason?: string;
}

function value(name: Name, t: ValidTarget, incident: string): string | null {
  switch (name) {
    case 'address':
      return t.address;
    case 'host':
      return t.host;
    case 'port':
      return t.port === null ? null : String(t.port);
    case 'proto':
      return t.proto;
    case 'user':
      return t.user;
    case 'incident':
      return incident;
  }
}

/** The template with each placeholder replaced by its validated value; throws when one has none. */
function fill(template: readonly string[], t: ValidTarget, incident: string): string[] {
  return template.map((arg) =>
    arg.replace(PLACEHOLDER, (_m, n: string) => {
      if (!isName(n)) throw new EnforcementError('placeholder', `{${n}}`, 'unknown');
      const v = value(n, t, incident);
      if (v === null)
        throw new EnforcementError('placeholder', `{${n}}`, `no value in a ${t.kind} target`);
      return v;
    }),
  );
}

const cut = (b: Buffer | undefined): string =>
  b === undefined ? '' : b.subarray(0, OUTPUT_CAP).toString('utf8');

/**
 * Run the configured command for an approved action, without a shell. Not enabled or no template
 * → `ran: false`; an invalid target or placeholder value throws EnforcementError before anything runs.
 */
export async function runConnector(
  cfg: ConnectorConfig,
  action: ResponseAction,
  ctx: { incidentId: string },
  opts?: { signal?: AbortSignal },
): Promise<ConnectorResult> {
  const idle = (reason: string, args: string[] = []): ConnectorResult => ({
    ran: false,
    argv: args,
    exitCode: null,
    stdout: '',
    stderr: '',
    reason,
  });
  if (!cfg.enabled) return idle('connector disabled');
  const template = Object.hasOwn(cfg.templates, action.verb)
    ? cfg.templates[action.verb]
    : undefined;
  if (!template || template.length === 0) return idle(`no template for verb "${action.verb}"`);
  const incident = validateIncidentId(ctx.incidentId);
  const { target } = validateAction(action);
  const args = fill(template, target, incident);
  const program = args[0] ?? '';
  // A relative name would be looked up on PATH, and the template must name one fixed program.
  if (!isAbsolute(program) || template[0] !== program)
    return idle(`argv[0] "${template[0]}" is not a fixed absolute path`, args);
  if (opts?.signal?.aborted) return idle('aborted', args);

  return new Promise((resolve) => {
    execFile(
      program,
      args.slice(1),
      {
        encoding: 'buffer',
        shell: false,
        timeout: cfg.timeoutMs,
        maxBuffer: MAX_BUFFER,
        signal: opts?.signal,
        windowsHide: true,
      },
      (err: ExecFileException | null, stdout: Buffer, stderr: Buffer) => {
        const out = { argv: args, stdout: cut(stdout), stderr: cut(stderr) };
        if (!err) return resolve({ ran: true, exitCode: 0, ...out });
        if (typeof err.code === 'number') {
          return resolve({
            ran: true,
            exitCode: err.code,
            ...out,
            reason: `exit code ${err.code}`,
          });
        }
        if (err.name === 'AbortError')
          return resolve({ ran: true, exitCode: null, ...out, reason: 'aborted' });
        if (err.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
          return resolve({
            ran: true,
            exitCode: null,
            ...out,
            reason: 'output too large; stopped',
          });
        // execFile kills the child only on timeout here (maxBuffer was handled just above).
        if (err.killed)
          return resolve({
            ...out,
            ran: true,
            exitCode: null,
            reason: `timed out after ${cfg.timeoutMs} ms`,
          });
        if (err.signal)
          return resolve({
            ...out,
            ran: true,
            exitCode: null,
            reason: `terminated by ${err.signal}`,
          });
        // The program could not be started (ENOENT, EACCES): nothing ran.
        resolve({ ran: false, exitCode: null, ...out, reason: `cannot start: ${err.message}` });
      },
    );
  });
}
