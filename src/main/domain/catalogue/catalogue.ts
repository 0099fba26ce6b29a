/** The mitigation catalogue (resources/mitigations.json): the 15 actions and the reward rule. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { resourcePath } from '../../runtime/paths';

/** One action: an ATT&CK mitigation or No Action. */
export interface Mitigation {
  /** ATT&CK ID (e.g. M1037), or NONE for No Action. */
  id: string;
  name: string;
  description: string;
}

/** The catalogue: actions by index, and the ranked action IDs of each class (best first). */
export interface Catalogue {
  actions: Mitigation[];
  ranked: Record<string, string[]>;
}

/** Index of No Action in every valid catalogue. */
export const NO_ACTION = 0;
/** Reward of an action outside the class's ranked list (and of acting on benign traffic). */
export const WRONG_ACTION_REWARD = -5;

const schema = z
  .object({
    _comment: z.string().optional(),
    actions: z
      .array(
        z.object({
          id: z.string().regex(/^(NONE|M\d{4})$/, 'an ATT&CK mitigation ID like M1037, or NONE'),
          name: z.string().min(1),
          description: z.string().min(20),
        }),
      )
      .min(2),
    ranked: z.record(z.string().min(1), z.array(z.string()).min(1).max(5)),
  })
  .superRefine((c, ctx) => {
    const ids = c.actions.map((a) => a.id);
    if (ids[0] !== 'NONE')
      ctx.addIssue({
        code: 'custom',
        path: ['actions', 0],
        message: 'action 0 must be NONE (No Action)',
      });
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup)
      ctx.addIssue({ code: 'custom', path: ['actions'], message: `duplicate action id ${dup}` });
    for (const [cls, list] of Object.entries(c.ranked)) {
      list.forEach((id, i) => {
        if (!ids.includes(id))
          ctx.addIssue({
            code: 'custom',
            path: ['ranked', cls, i],
            message: `unknown action id ${id}`,
          });
      });
      if (new Set(list).size !== list.length)
        ctx.addIssue({
          code: 'custom',
          path: ['ranked', cls],
          message: 'an action is ranked twice',
        });
    }
  });

/** Validate a parsed catalogue; throws naming the source and every problem with its path. */
export function parseCatalogue(json: unknown, source = 'catalogue'): Catalogue {
  const r = schema.safeParse(json);
  if (!r.success) {
    const why = r.error.issues
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new Error(`mitigation catalogue ${source} is invalid: ${why}`);
  }
  return { actions: r.data.actions, ranked: r.data.ranked };
}

/** Load and validate the catalogue (default resources/mitigations.json). */
export function loadCatalogue(path = resourcePath('mitigations.json')): Catalogue {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`mitigation catalogue ${path}: cannot read it (${(err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`mitigation catalogue ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseCatalogue(json, path);
}

/** Reward of taking action `action` on a flow whose true class is `cls` (SPEC.md's rule). */
export function reward(cat: Catalogue, cls: string, action: number): number {
  const id = cat.actions[action]?.id;
  if (id === undefined) throw new RangeError(`no action ${action} in the catalogue`);
  const list = cat.ranked[cls];
  if (!list) throw new Error(`class ${cls} has no ranked mitigations in the catalogue`);
  const k = list.indexOf(id);
  if (list.length === 1 && list[0] === 'NONE') return k === 0 ? 5 : WRONG_ACTION_REWARD;
  return k >= 0 ? 5 - k : WRONG_ACTION_REWARD;
}

/**
 * Rewards of every (class, action) pair, row-major [classIndex * actions + action], for the
 * given class order: the hot-path lookup of the environment and the evaluator.
 */
export function rewardTable(cat: Catalogue, classNames: readonly string[]): Float32Array {
  const n = cat.actions.length;
  const t = new Float32Array(classNames.length * n);
  classNames.forEach((cls, c) => {
    for (let a = 0; a < n; a++) t[c * n + a] = reward(cat, cls, a);
  });
  return t;
}

/** Index of the class's top-ranked action (the "correct" action of the evaluation). */
export function bestAction(cat: Catalogue, cls: string): number {
  const id = cat.ranked[cls]?.[0];
  const i = cat.actions.findIndex((a) => a.id === id);
  if (i < 0) throw new Error(`class ${cls} has no ranked mitigations in the catalogue`);
  return i;
}
