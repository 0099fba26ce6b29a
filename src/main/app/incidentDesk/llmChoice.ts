/**
 * The desk's LLM agent: with a model loaded (the advisor's), the model chooses the next step among
 * the grounded planner's top candidates, under a grammar that allows only their keys. Its choice
 * replaces the planner's recommendation and the detail names the model; when the model names no
 * candidate or fails, the planner's recommendation stands and the detail says why. One answer per
 * incident state is kept, so reading an incident twice asks once.
 */
import type { IncidentDetail } from '../../../shared/contract';
import { actionKey } from '../../domain/ir/core/verbs';
import { IrLlm } from '../../domain/ir/llmAgent/call';
import { llmChooserAgent, type ChooserStats } from '../../domain/ir/replay/llmChooser';
import type { ModelManager } from '../../domain/llm/modelManager';
import type { IncidentObservationRow, IncidentStepRow } from '../../store/incidents';
import { answerRecords, DESK_AGENT, type IncidentCase } from './grounded';

/** Answers kept (incident states). */
const KEPT = 256;

/** Chooses the next step with the loaded model. */
export class LlmDeskChooser {
  private readonly llm: IrLlm;
  private readonly stats: ChooserStats = { calls: 0, dropped: 0, ms: 0 };
  private readonly answers = new Map<string, string | null>();

  constructor(private readonly manager: ModelManager) {
    this.llm = new IrLlm(manager);
  }

  /** Replace `d.recommended` with the model's choice when a model is loaded. */
  async choose(
    d: IncidentDetail,
    c: IncidentCase,
    steps: readonly IncidentStepRow[],
    obs: readonly IncidentObservationRow[],
  ): Promise<void> {
    const state = this.manager.state;
    if (state.status !== 'loaded' || !d.recommended || d.candidates.length < 2) return;
    if (d.recommended.action.verb === 'close-incident') return;
    const key = `${state.path}|${c.incident.id}|${steps.length}|${obs.length}`;
    let chosen = this.answers.get(key);
    if (chosen === undefined) {
      try {
        const agent = llmChooserAgent(this.llm, this.stats);
        const [a] = await agent.decide({
          incident: c.incident,
          perception: c.response.perception,
          memory: {
            done: c.done(steps),
            answers: answerRecords(obs),
            lastSeen: c.incident.lastSeen,
            closed: false,
          },
          catalogue: c.response.catalogue,
          blocked: () => false,
        });
        chosen = a ? actionKey(a) : null;
      } catch (err) {
        d.agent = `${DESK_AGENT} (the model failed: ${(err as Error).message})`;
        return;
      }
      this.answers.set(key, chosen);
      while (this.answers.size > KEPT) this.answers.delete(this.answers.keys().next().value!);
    }
    const pick = d.candidates.find((x) => actionKey(x.action) === chosen);
    if (!pick) {
      d.agent = `${DESK_AGENT} (the model ${state.name} named no candidate)`;
      return;
    }
    d.agent = `llm-chooser (${state.name})`;
    d.recommended = {
      action: pick.action,
      expected: pick.prediction.text,
      why: `chosen by the model ${state.name} among the planner's top candidates; planner: ${pick.why}`,
      prediction: pick.prediction,
    };
  }
}
