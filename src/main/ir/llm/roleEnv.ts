/** What every role of the LLM response agent shares: its environment and one schema-constrained call. */
import type { GbnfJsonSchema } from 'node-llama-cpp';
import type { ResponseAction } from '../types';
import type { IrLlm } from './call';
import { IR_INSTRUCTIONS, userVariants } from './context';
import type { ContextBudget, IncidentContext } from './context';
import { targetList } from './grounding';

/** What every role needs: the model, the context, how much of it to send, a cancel signal. */
export interface RoleEnv {
  llm: IrLlm;
  ctx: IncidentContext;
  budget: ContextBudget;
  signal?: AbortSignal;
}

/** How a stage answer is shown to the model. */
export const STAGE_FORM = '"done": ["<stage>", ...]';
/** How an action answer is shown to the model. */
export const ACTION_FORM = '{"verb": "<verb id>", "target": "<target>"}';

/** One role's call: fixed instructions, the incident context within budget, then the task. */
export function ask(
  env: RoleEnv,
  role: string,
  task: string,
  schema: GbnfJsonSchema,
  extra: { temperature?: number; seed?: number; longest?: unknown } = {},
) {
  return env.llm.ask(
    {
      role,
      system: IR_INSTRUCTIONS,
      users: userVariants(env.ctx, env.budget, task),
      schema,
      ...extra,
    },
    env.signal,
  );
}

/** The targets line of an action task. */
export function targetsLine(valid: readonly ResponseAction[]): string {
  return `Targets: ${targetList(valid).join(', ')}.`;
}
