/** Seeded uniformly random valid actions: the floor of the comparison. */
import type { Twin } from '../twin';
import type { AgentDecision, Incident, ResponseAgent } from '../core/types';
import { act, nextRandom, replica, type PublicScenario } from './common';

/** Picks any valid action of the network, uniformly, from a seeded stream. */
export class RandomAgent implements ResponseAgent {
  readonly name = 'random';
  private twin: Twin | null = null;
  private readonly state: { s: number };

  constructor(seed: number) {
    this.state = { s: seed ^ 0x5bd1e995 };
  }

  async start(_incident: Incident, scenario: PublicScenario): Promise<void> {
    this.twin = replica(scenario, scenario.variants[0]?.id ?? '', 0);
  }

  async next(): Promise<AgentDecision> {
    if (!this.twin) throw new Error('random agent: start() was not called');
    const all = this.twin.validActions();
    return act(all[nextRandom(this.state, all.length)]!);
  }
}
