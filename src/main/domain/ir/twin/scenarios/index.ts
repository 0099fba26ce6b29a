/** Every twin scenario, by id. */
import type { ScenarioModel } from './model';
import { CICIDS_LAN_SCENARIOS } from './cicidsLan';
import { CICIDS_SERVER_SCENARIOS } from './cicidsServer';
import { ESORICS_SCENARIOS } from './esorics';
import { HARD_SCENARIOS } from './hard';

/** All scenarios in report order. */
export const SCENARIOS: readonly ScenarioModel[] = [
  ...CICIDS_SERVER_SCENARIOS.slice(0, 4),
  ...CICIDS_LAN_SCENARIOS,
  ...CICIDS_SERVER_SCENARIOS.slice(4),
  ...ESORICS_SCENARIOS,
  ...HARD_SCENARIOS,
];

const BY_ID = new Map(SCENARIOS.map((s) => [s.spec.id, s]));
const BUILT_IN = new Set(BY_ID.keys());

/**
 * Make a scenario read from a file known by its id (agents build their replicas by id). A file
 * may not take a built-in id; loading the same id again replaces the earlier file's scenario.
 */
export function registerScenario(m: ScenarioModel): void {
  if (BUILT_IN.has(m.spec.id))
    throw new Error(`scenario id "${m.spec.id}" is a built-in scenario's; pick another id`);
  BY_ID.set(m.spec.id, m);
}

/** The scenario with this id (throws listing the known ids). */
export function scenarioModel(id: string): ScenarioModel {
  const m = BY_ID.get(id);
  if (!m) throw new Error(`unknown scenario "${id}" (scenarios: ${[...BY_ID.keys()].join(', ')})`);
  return m;
}

/** Ids of the scenarios with more than one variant (where the conjecture matters). */
export function decoyScenarioIds(): string[] {
  return SCENARIOS.filter((s) => s.spec.variants.length > 1).map((s) => s.spec.id);
}

/** Ids of the hard scenarios (weak, late and shared evidence; written to test the planner). */
export function hardScenarioIds(): string[] {
  return HARD_SCENARIOS.map((s) => s.spec.id);
}
