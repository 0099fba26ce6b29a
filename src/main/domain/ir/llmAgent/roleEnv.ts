/** What every role of the LLM response agent shares: its environment and one schema-constrained call. */
import type { GbnfJsonSchema } from 'node-llama-cpp';
import type { ResponseAction } from '../core/types';
import type { IrLlm, LlmAnswer } from './call';
import { IR_INSTRUCTIONS, budgetVariants, contextText } from './context';
import type { ContextBudget, IncidentContext } from './context';
import { targetList } from './grounding';

/**
 * What every role needs: the model, the context, how much of it to send, a cancel signal. One
 * RoleEnv serves one step: when a call has to send less context to fit, `budget` shrinks to what
 * it sent, so the step's later calls send the same context and reuse its KV cache.
 */
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
export async function ask(
  env: RoleEnv,
  role: string,
  task: string,
  schema: GbnfJsonSchema,
  extra: { temperature?: number; seed?: number; longest?: unknown } = {},
): Promise<LlmAnswer> {
  const budgets = budgetVariants(env.ctx, env.budget);
  const users = budgets.map((b) => `${contextText(env.ctx, b)}\n${task}`);
  const answer = await env.llm.ask(
    { role, system: IR_INSTRUCTIONS, users, schema, ...extra },
    env.signal,
  );
  env.budget = budgets[answer.userIndex] ?? env.budget;
  return answer;
}

/** The targets line of an action task. */
export function targetsLine(valid: readonly ResponseAction[]): string {
  return `Targets: ${targetList(valid).join(', ')}.`;
}
