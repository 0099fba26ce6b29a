/**
 * The twin planner split for a human in the loop: `propose` plans the next step without taking
 * it (optionally excluding actions the analyst rejected), `commit` records the step that was
 * actually run. TwinPlannerAgent.next() does both at once, which would let its rollouts drift
 * from the twin whenever an analyst edits or rejects; the reasoning (conjecture) and the
 * planning rule (plausible variants' optimal plans, simulated, shortest expected recovery) are
 * the same, on the public spec only.
 */
import type { PublicScenario } from '../../domain/ir/agents/common';
import {
  conjecture,
  observe,
  type ObservedHistory,
  type VariantRollouts,
} from '../../domain/ir/agents/conjecture';
import {
  advanceRollouts,
  DEFAULT_PLANNER,
  openingHistory,
  planCandidates,
  startRollouts,
  type PlannerConfig,
} from '../../domain/ir/agents/planner';
import type {
  Candidate,
  Conjecture,
  Incident,
  Observation,
  ResponseAction,
  StageBits,
} from '../../domain/ir/core/types';

/** The agent's name as the incident view shows it. */
export const DESK_AGENT = 'twin-planner';

/** What the planner proposes at the current step. */
export interface Proposal {
  conjecture: Conjecture;
  believedStages: StageBits;
  candidates: Candidate[];
  /** The best candidate and what the agent expects it to do, or why it abstains. */
  recommended: { action: ResponseAction; expected: string } | null;
  abstainReason: string | null;
}

/** A twin planner whose steps are proposed and committed separately. */
export class DeskPlanner {
  private readonly cfg: PlannerConfig;
  private readonly rollouts: VariantRollouts[];
  private readonly seen: ObservedHistory;

  constructor(
    private readonly scenario: PublicScenario,
    incident: Incident,
    seed: number,
    cfg: Partial<PlannerConfig> = {},
  ) {
    this.cfg = { ...DEFAULT_PLANNER, ...cfg, refine: true };
    this.seen = openingHistory(incident);
    this.rollouts = startRollouts(scenario, seed, this.cfg.rollouts);
  }

  /** Plan the next step; `exclude` holds action keys the analyst rejected at this step. */
  propose(exclude: ReadonlySet<string> = new Set()): Proposal {
    const cj = conjecture(this.scenario, this.rollouts, this.seen, this.cfg.scoring);
    const top = this.rollouts.find((r) => r.variant === cj.variant)!;
    const believedStages = top.twins[0]!.stages;
    const candidates = this.plan(cj, exclude);
    const best = candidates[0];
    if (!best || best.spread > this.cfg.abstainSpread) {
      const reason = !best
        ? 'every proposal at this step was rejected: choose the action yourself (edit)'
        : `rollouts disagree by ${best.spread} steps (threshold ${this.cfg.abstainSpread})`;
      return {
        conjecture: cj,
        believedStages,
        candidates,
        recommended: null,
        abstainReason: reason,
      };
    }
    const preview = top.twins[0]!.clone();
    const o = preview.step(best.action);
    const expected = `${o.feedback}; stages → ${preview.stages.map(Number).join('')}`;
    return {
      conjecture: cj,
      believedStages,
      candidates,
      recommended: { action: best.action, expected },
      abstainReason: null,
    };
  }

  /** Record the step that was run and what the (simulated) network answered. */
  commit(action: ResponseAction, observed: Observation): void {
    advanceRollouts(this.rollouts, action);
    observe(this.seen, observed);
  }

  /** Candidates from the plausible variants' optimal plans, simulated and sorted best first. */
  private plan(cj: Conjecture, exclude: ReadonlySet<string>): Candidate[] {
    return planCandidates(this.rollouts, cj, this.cfg, exclude);
  }
}
