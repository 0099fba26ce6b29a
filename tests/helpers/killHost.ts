/**
 * The real app service in a process of its own, for the kill tests: it opens the database (its
 * start-up recovery included), starts one job and keeps running until it is killed.
 *
 *   tsx tests/helpers/killHost.ts DB load CSV        — load a CSV (datasets.loadPaths)
 *   tsx tests/helpers/killHost.ts DB train DATASET   — start a dashboard training run (PPO)
 *
 * The policy a load trains is kept small (KILL_HOST_POLICY) so a test that lets it finish is quick.
 */
import { dispatch } from '../../src/main/app/hub/dispatch';
import { createAppService } from '../../src/main/app/service';
import type { PolicyTrainingConfig } from '../../src/main/app/decisions/policyTrainer';

/** How the kill tests' processes (and their restarts) train a load's policy. */
export const KILL_HOST_POLICY: Partial<PolicyTrainingConfig> = {
  method: 'ppo',
  passes: 1,
  maxEpisodes: 2000,
};

async function main(): Promise<void> {
  const [db, mode, arg] = process.argv.slice(2);
  if (!db || !mode || !arg) throw new Error('usage: killHost.ts DB load CSV | DB train DATASET');
  const svc = await createAppService({
    dbPath: db,
    host: 'headless',
    seedDemo: false,
    policyTraining: KILL_HOST_POLICY,
  });
  const ctx = { actor: 'kill-test' };
  if (mode === 'load')
    await dispatch(svc.handlers, 'datasets.loadPaths', { paths: [arg], extraClasses: [] }, ctx);
  else if (mode === 'train')
    await dispatch(
      svc.handlers,
      'training.start',
      { datasetId: Number(arg), method: 'ppo', config: { passes: 20 }, install: false },
      ctx,
    );
  else throw new Error(`unknown mode ${mode}`);
  process.stdout.write('started\n');
  // Stay up until killed.
  setInterval(() => {}, 60_000);
}

if (process.argv[1]?.endsWith('killHost.ts'))
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
