/** The `rampart` command line: the same core as the console, without a UI. */
import { optFlag, parseCommandArgs, UsageError, type CliCommand } from './args';
import { analyst, audit } from './auditCommand';
import { demo, detect, ingest } from './commands';
import { evalStudy } from './evalCommand';
import { incidents } from './incidentsCommand';
import { irEval, respond } from './irCommand';
import { irReplay } from './irReplayCommand';
import { recovery } from './recoveryCommand';
import { serve } from './serve';
import { publish, worker } from './streamCommands';
import { train } from './trainCommand';
import { commandList, commandUsage } from './usage';

/** Every command, in the order `rampart --help` lists them. */
export const COMMANDS: readonly CliCommand[] = [
  ingest,
  detect,
  serve,
  publish,
  worker,
  train,
  evalStudy,
  recovery,
  demo,
  respond,
  irEval,
  irReplay,
  incidents,
  audit,
  analyst,
];

const HELP = ['help', '--help', '-h'];

/** Run the CLI with argv (no node/script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    console.log(commandList(COMMANDS));
    return 2;
  }
  // `rampart help` / `--help` lists the commands; `rampart help <command>` is that command's --help.
  const helpFor = HELP.includes(name) ? rest[0] : undefined;
  if (HELP.includes(name) && helpFor === undefined) {
    console.log(commandList(COMMANDS));
    return 0;
  }
  const cmd = COMMANDS.find((c) => c.name === (helpFor ?? name));
  try {
    if (!cmd) throw new UsageError(`unknown command "${helpFor ?? name}"`);
    const parsed = parseCommandArgs(cmd, helpFor === undefined ? rest : ['--help']);
    if (optFlag(parsed, 'help')) {
      console.log(commandUsage(cmd));
      return 0;
    }
    return await cmd.run({ ...parsed, argv });
  } catch (err) {
    if (err instanceof UsageError) {
      const usage = cmd
        ? `${commandUsage(cmd)}\n\n(rampart --help lists every command)`
        : commandList(COMMANDS);
      console.error(`rampart: ${err.message}\n\n${usage}`);
      return 2;
    }
    console.error(`rampart: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
