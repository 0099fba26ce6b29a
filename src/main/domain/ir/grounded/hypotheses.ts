/**
 * The hypothesis catalogue (resources/ir-hypotheses.json): per attack-family facet, the competing
 * explanations of an incident, what each predicts, which questions separate them and the plan
 * each needs. Data, not code per scenario: an analyst edits the file, the desk reloads it.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { resourcePath } from '../../../runtime/paths';
import { STAGES } from '../core/types';
import { verb } from '../core/verbs';

const indicatorMap = z.record(z.string().min(1), z.boolean());

const planStep = z
  .object({
    verb: z.string().min(1),
    /** attacker | victims[:family] | services[:family] | external-peers | none */
    target: z
      .string()
      .regex(/^(attacker|victims(:[a-z-]+)?|services(:[a-z-]+)?|external-peers|none)$/),
    stage: z.enum(STAGES),
    when: z.enum(['internal', 'external']).optional(),
  })
  .strict();

const hypothesis = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    facet: z.string().min(1),
    name: z.string().min(1),
    techniques: z.array(z.string()),
    prior: z.number().positive(),
    predicts: indicatorMap,
    suggests: indicatorMap,
    plan: z.array(planStep).min(1),
  })
  .strict();

const question = z
  .object({
    id: z.string().regex(/^q-[a-z0-9-]+$/),
    text: z.string().includes('{host}'),
    askedBy: z.array(z.string()).min(1),
  })
  .strict();

const catalogueSchema = z
  .object({
    version: z.literal(1),
    about: z.string(),
    keepPrecision: z.number().min(0).max(1),
    questions: z.array(question),
    hypotheses: z.array(hypothesis).min(1),
  })
  .strict();

export type PlanStepSpec = z.infer<typeof planStep>;
export type HypothesisSpec = z.infer<typeof hypothesis>;
export type QuestionSpec = z.infer<typeof question>;
export type HypothesisCatalogue = z.infer<typeof catalogueSchema>;

/** Validate a parsed catalogue: schema, known verbs, known questions, two or more per facet. */
export function parseHypotheses(raw: unknown, where = 'hypotheses'): HypothesisCatalogue {
  const r = catalogueSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new Error(`${where}: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  const c = r.data;
  const qs = new Set(c.questions.map((q) => q.id));
  const facets = new Map<string, number>();
  for (const h of c.hypotheses) {
    facets.set(h.facet, (facets.get(h.facet) ?? 0) + 1);
    for (const s of h.plan)
      if (!verb(s.verb)) throw new Error(`${where}: ${h.id}: unknown verb "${s.verb}"`);
    for (const k of [...Object.keys(h.predicts), ...Object.keys(h.suggests)])
      if (k.startsWith('q-') && !qs.has(k))
        throw new Error(`${where}: ${h.id}: unknown question "${k}"`);
  }
  for (const q of c.questions)
    for (const v of q.askedBy)
      if (!verb(v)) throw new Error(`${where}: ${q.id}: unknown verb "${v}"`);
  for (const [f, n] of facets)
    if (n < 2) throw new Error(`${where}: facet ${f} has ${n} hypothesis; it needs two or more`);
  if (new Set(c.hypotheses.map((h) => h.id)).size !== c.hypotheses.length)
    throw new Error(`${where}: duplicate hypothesis id`);
  return c;
}

let cached: HypothesisCatalogue | null = null;

/** Load the catalogue (default resources/ir-hypotheses.json; the default is read once). */
export function loadHypotheses(path?: string): HypothesisCatalogue {
  if (!path && cached) return cached;
  const file = path ?? resourcePath('ir-hypotheses.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: ${(err as Error).message}`);
  }
  const c = parseHypotheses(raw, file);
  if (!path) cached = c;
  return c;
}
