/** The oracle: knows the true variant and follows its optimal plan (T* steps by construction). */
import { remainingPlan, type Twin } from '../twin';
import type {
  AgentDecision,
  Conjecture,
  Incident,
  Observation,
  ResponseAgent,
  ScenarioSpec,
} from '../core/types';
import { parseActionKey } from '../core/verbs';
import { act, publicScenario, replica } from './common';

/** Follows the true variant's plan; the lower bound every other agent is compared with. */
export class OptimalAgent implements ResponseAgent {
  readonly name = 'optimal';
  private twin: Twin | null = null;

  constructor(
    private readonly spec: ScenarioSpec,
    private readonly seed: number,
  ) {}

  async start(_incident: Incident): Promise<void> {
    this.twin = replica(publicScenario(this.spec), this.spec.trueVariant, this.seed);
  }

  async next(_last: Observation | null): Promise<AgentDecision> {
    const twin = this.twin;
    if (!twin) throw new Error('optimal agent: start() was not called');
    const key = remainingPlan(twin)?.[0] ?? 'monitor -';
    const action = parseActionKey(key);
    const v = this.spec.variants.find((x) => x.id === this.spec.trueVariant);
    const conjecture: Conjecture = {
      variant: this.spec.trueVariant,
      confidence: 1,
      tactics: v?.tactics ?? [],
      scores: { [this.spec.trueVariant]: 1 },
      evidenceFor: ['oracle: told the true variant'],
      evidenceAgainst: [],
    };
    const believedStages = twin.stages;
    twin.step(action);
    return act(action, {
      believedStages,
      conjecture,
      expected: `stages → ${twin.stages.map(Number).join('')}`,
    });
  }
}
