/**
 * The twin planner's look-ahead compared with each variant as the truth: clairvoyant rollouts
 * (each finishes with the variant's optimal plan; the default), belief-keeping rollouts (a
 * simulated agent must find the variant out; telling evidence actions are added as candidates)
 * and an exact search two steps deep over what each action could print (beliefSearch.ts).
 *
 *   node --import tsx scripts/ir-planner-ablation.ts [--seeds 20] [--scenarios a,b]
 *
 * Prints steps and steps/T* per scenario:variant for both, the means, and the wall time.
 */
import { parseArgs } from 'node:util';
import { runIrEval } from '../src/main/domain/ir/eval';
import { hardScenarioIds } from '../src/main/domain/ir/twin';

const { values } = parseArgs({
  options: { seeds: { type: 'string', default: '20' }, scenarios: { type: 'string' } },
});
const scenarios = values.scenarios?.split(',') ?? hardScenarioIds();
const seeds = Number(values.seeds);
const modes = {
  clairvoyant: { beliefRollouts: false, searchDepth: 0 },
  'belief-rollouts': { beliefRollouts: true, searchDepth: 0 },
  'search-depth-2': { beliefRollouts: false, searchDepth: 2 },
} as const;
const rows = new Map<string, { tStar: number; cells: string[] }>();
const totals: string[] = [];
for (const [name, planner] of Object.entries(modes)) {
  const r = await runIrEval({
    agents: ['twin-planner'],
    scenarios,
    seeds,
    allVariants: true,
    planner,
  });
  let ratio = 0;
  let steps = 0;
  const ids = Object.keys(r.scenarios);
  for (const id of ids) {
    const s = r.scenarios[id]!;
    const a = s.agents['twin-planner']!;
    const row = rows.get(id) ?? { tStar: s.optimalSteps, cells: [] };
    row.cells.push(
      `${a.meanSteps.toFixed(2)} (${a.stepsOverOptimal.toFixed(2)}×, ${(100 * a.successRate).toFixed(0)}%)`,
    );
    rows.set(id, row);
    ratio += a.stepsOverOptimal;
    steps += a.meanSteps;
  }
  totals.push(
    `${name}: mean ${(steps / ids.length).toFixed(2)} steps, ${(ratio / ids.length).toFixed(3)}× T*, ${r.seconds.toFixed(1)} s`,
  );
}
console.log(`scenario:variant | T* | ${Object.keys(modes).join(' | ')}   (${seeds} seeds)`);
for (const [id, row] of rows) console.log(`${id} | ${row.tStar} | ${row.cells.join(' | ')}`);
for (const t of totals) console.log(t);
