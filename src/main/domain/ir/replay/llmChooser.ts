/**
 * The LLM agent of the replay (and of the desk when a model is loaded): the loaded model chooses
 * the next step among the grounded planner's candidates, under a grammar that allows only their
 * keys, so its text is never run as such. An answer that names no candidate is counted and the
 * incident waits for the next decision point (nothing is substituted for the model's choice).
 */
import type { GbnfJsonSchema } from 'node-llama-cpp';
import { parseActionKey } from '../core/verbs';
import { GroundedResponse, type Assessment } from '../grounded';
import type { IrLlm } from '../llmAgent/call';
import type { DecisionContext, ReplayAgent } from './agents';

/** Candidates the model chooses among (the planner's best first). */
export const LLM_CHOICES = 5;

/** The fixed instructions (identical on every call, so the model's cache keeps them). */
export const CHOOSER_INSTRUCTIONS = [
  'You are the incident response agent of a security operations centre. You see one incident:',
  'its attacker and victim addresses, its alert kinds, what its traffic shows, the hypotheses',
  'about it with their scores, and the steps already taken. Choose the next response step from',
  'the numbered candidates: contain an active attacker early, collect evidence when the',
  'hypotheses disagree, and do not repeat a step. Answer only with JSON {"choice": "<key>"}.',
].join('\n');

/** Counts of the chooser's calls. */
export interface ChooserStats {
  calls: number;
  /** Answers that named no offered candidate (nothing was run for them). */
  dropped: number;
  ms: number;
}

/** The incident as the model reads it. */
export function chooserPrompt(
  ctx: DecisionContext,
  a: Pick<Assessment, 'hypotheses'>,
  keys: readonly string[],
  whys: readonly string[],
): string {
  const p = ctx.perception;
  const lines = [
    `Incident ${ctx.incident.id}: ${p.alerts} alerts, families ${p.families.join(', ')}.`,
    `Attacker: ${p.attackers.map((x) => `${x.address}${x.internal ? ' (inside)' : ''}`).join(', ')}.`,
    `Victims: ${
      p.victims
        .slice(0, 5)
        .map((v) => v.address)
        .join(', ') || 'none'
    }.`,
    `Alert kinds: ${p.kinds
      .slice(0, 5)
      .map((k) => `${k.signature} x${k.count}`)
      .join('; ')}.`,
    `Traffic shows: ${
      p.signals
        .filter((s) => s.present)
        .map((s) => s.id)
        .join(', ') || 'nothing beyond the alerts'
    }.`,
    `Hypotheses: ${a.hypotheses
      .filter((h) => h.score > 0)
      .map((h) => `${h.name} ${(h.score * 100).toFixed(0)}%`)
      .join('; ')}.`,
    `Steps taken: ${ctx.memory.done.map((d) => `${d.action.verb} ${d.action.target ?? ''}`.trim()).join('; ') || 'none'}.`,
    'Candidates:',
    ...keys.map((k, i) => `${i + 1}. ${k} — ${whys[i]}`),
  ];
  return lines.join('\n');
}

/** A replay agent whose choice is the model's among the planner's top candidates. */
export function llmChooserAgent(llm: IrLlm, stats: ChooserStats): ReplayAgent {
  return {
    name: 'llm',
    decide: async (ctx, signal) => {
      const a = new GroundedResponse(ctx.perception, ctx.catalogue).assess(
        ctx.memory.done,
        ctx.memory.answers,
      );
      if (a.recovered || !a.candidates.length) return [];
      const top = a.candidates.slice(0, LLM_CHOICES);
      const keys = top.map((c) => c.key);
      const schema = {
        type: 'object',
        properties: { choice: { enum: keys } },
        required: ['choice'],
      } as const as unknown as GbnfJsonSchema;
      const t0 = performance.now();
      const answer = await llm.ask(
        {
          role: 'action',
          system: CHOOSER_INSTRUCTIONS,
          users: [
            chooserPrompt(
              ctx,
              a,
              keys,
              top.map((c) => c.why),
            ),
          ],
          schema,
          longest: { choice: [...keys].sort((x, y) => y.length - x.length)[0] },
        },
        signal,
      );
      stats.calls++;
      stats.ms += performance.now() - t0;
      const choice = (answer.value as { choice?: unknown } | null)?.choice;
      if (typeof choice !== 'string' || !keys.includes(choice)) {
        stats.dropped++;
        return [];
      }
      return [parseActionKey(choice)];
    },
  };
}
