/** The response agents, by name. */
import type { ResponseAgent, ScenarioSpec } from '../core/types';
import { BanditAgent } from './bandit';
import { OptimalAgent } from './optimal';
import { type PlannerConfig, TwinPlannerAgent } from './planner';
import { PlaybookAgent } from './playbook';
import { RandomAgent } from './random';

export { BanditAgent, alertClass, banditAction, TOP_MITIGATION } from './bandit';
export { publicScenario, replica, type PublicScenario } from './common';
export { conjecture, DEFAULT_SCORING, type ScoringWeights } from './conjecture';
export { OptimalAgent } from './optimal';
export { DEFAULT_PLANNER, TwinPlannerAgent, type PlannerConfig } from './planner';
export { PlaybookAgent } from './playbook';
export { RandomAgent } from './random';

/** Every agent name the evaluation knows, in report order. */
export const AGENTS = [
  'optimal',
  'twin-planner',
  'lookahead-no-refinement',
  'playbook',
  'bandit',
  'random',
] as const;
export type AgentName = (typeof AGENTS)[number];

/** Build an agent. `spec` is only read by the oracle (`optimal`); the others get the public view in start(). */
export function makeAgent(
  name: AgentName,
  spec: ScenarioSpec,
  seed: number,
  planner: Partial<PlannerConfig> = {},
): ResponseAgent {
  switch (name) {
    case 'optimal':
      return new OptimalAgent(spec, seed);
    case 'twin-planner':
      return new TwinPlannerAgent(seed, { ...planner, refine: true });
    case 'lookahead-no-refinement':
      return new TwinPlannerAgent(seed, { ...planner, refine: false });
    case 'playbook':
      return new PlaybookAgent();
    case 'bandit':
      return new BanditAgent();
    case 'random':
      return new RandomAgent(seed);
  }
}
