/** Every twin scenario, by id. */
import type { ScenarioModel } from '../model';
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
