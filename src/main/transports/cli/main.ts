/** The `rampart` command line: the same core as the console, without a UI. */
import { UsageError, parseArgs } from './args';
import { demoCommand, detectCommand, ingestCommand } from './commands';
import { evalCommand } from './evalCommand';
import { irEvalCommand, respondCommand } from './irCommand';
import { incidentsCommand } from './incidentsCommand';
import { serveCommand } from './serve';
import { trainCommand } from './trainCommand';

const USAGE = `usage: rampart <command> [options]

  ingest <csv…> [--db FILE] [--json] [--extra-classes Bot,Heartbleed]
      load CICFlowMeter CSVs into the store; report rows read/stored/skipped by reason
  detect --train <csv…> [--test <csv…>] [--split 0.7] [--seed N] [--json]
         [--max-depth N] [--min-leaf N] [--extra-classes Bot,Heartbleed]
      train the decision-tree detector and report per-class precision/recall/F1, macro-F1
  serve [--port N] [--host 127.0.0.1] [--db FILE] [--no-demo]
      the headless console: prints the URL (with its per-run token) to open in a browser
  train --data <csv…> --method ppo|ppo-kg|ppo-kg-pt|llm-kg|dl [--out FILE] [--resume FILE]
        [--split 0.7] [--seed N] [--passes 5]
      train one method (KG advisor) in a worker thread and save a checkpoint
  eval --data <csv…> [--methods ppo,ppo-kg,ppo-kg-pt,llm-kg,dl] [--split 0.7] [--seed N]
       [--advisor kg|llm] [--model FILE.gguf] [--passes 5] [--backend auto|wasm|cpu] [--json] [--out DIR]
      the paper's study: every method on a seeded split, against the per-signature oracle
  demo --out FILE.csv [--rows N] [--seed S] [--mix paper|balanced]
      write synthetic CICFlowMeter flows (clearly labelled synthetic) for demos and benchmarks
  respond --scenario <id|file.json> [--agent twin-planner] [--seed N] [--json] [--model FILE.gguf]
      run one incident-response agent on a twin scenario and print each step
  ir-eval [--agents a,b] [--scenarios x,y] [--seeds 5] [--all-variants] [--json] [--out DIR]
          [--model FILE.gguf] [--llm-candidates 3] [--llm-rollouts 3] [--llm-depth 10]
          [--llm-decoder jump-forward|grammar]
      every response agent on every twin scenario (or the scenario ids / JSON files given):
      steps vs the optimum T*, success, costs
      (--all-variants: each decoy variant is also run as the truth; the LLM agents
      llm-agent, llm-one-shot and llm-greedy need --model; exit 3 when an LLM episode
      ended with an error, after the full report)
  incidents <file…> [--format auto|snort|suricata] [--gap-min 10] [--year N] [--json]
            [--alias ADDR=ENTITY] [--nat-gateway ADDR]
  incidents --dataset N [--db FILE] [--gap-min 10] [--json]
      group Snort fast / Suricata EVE alerts (or a dataset's flow alerts) into incidents

  The database defaults to $RAMPART_DB or ~/.local/share/rampart/rampart.sqlite.`;

const COMMANDS: Record<string, (p: ReturnType<typeof parseArgs>) => Promise<number>> = {
  ingest: ingestCommand,
  detect: detectCommand,
  serve: serveCommand,
  demo: demoCommand,
  eval: evalCommand,
  train: trainCommand,
  respond: respondCommand,
  'ir-eval': irEvalCommand,
  incidents: incidentsCommand,
};

/** Run the CLI with argv (no node/script); resolves to the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const parsed = parseArgs(argv, ['train', 'test', 'data'], ['json', 'no-demo', 'all-variants']);
    if (!parsed.command || parsed.command === 'help' || parsed.command === '--help') {
      console.log(USAGE);
      return parsed.command ? 0 : 2;
    }
    const run = COMMANDS[parsed.command];
    if (!run) throw new UsageError(`unknown command "${parsed.command}"`);
    return await run(parsed);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`rampart: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`rampart: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
