/**
 * Scenarios from JSON files (`rampart respond --scenario FILE.json`): the same shape as the
 * built-in ones (src/main/domain/ir/twin/scenarios), checked before the twin runs them. Every action key
 * must name a catalogue verb on a target that exists in the file's network, every variant must be
 * modelled, and every variant must be recoverable; an error names the file, the JSON path and
 * the reason. A loaded scenario is registered under its id for the rest of the process.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ATTACK_FAMILIES, STAGES, type ScenarioSpec } from '../core/types';
import { parseActionKey, verb } from '../core/verbs';
import type { ScenarioModel } from './scenarios/model';
import { registerScenario } from './scenarios';
import { optimalSteps } from './solver';
import { targetsOf } from './twin';

const text = z.string().min(1).max(2000);
const id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'lower-case letters, digits, ".", "_" or "-"');
const requirement = z.object({ label: text, anyOf: z.array(z.array(text).min(1)).min(1) }).strict();
const emitter = z
  .object({
    signature: text,
    classification: text,
    priority: z.number().int().min(1).max(4).default(2),
    src: text,
    dst: text,
    dstPort: z.number().int().min(0).max(65535).nullable().default(null),
    proto: z.string().min(1).max(16).default('TCP'),
    from: z.number().int().min(0).max(1000).default(0),
    rate: z.number().min(0).max(50).default(3),
    until: z.array(text).default([]),
  })
  .strict();
const stageTable = z
  .object(Object.fromEntries(STAGES.map((s) => [s, z.array(requirement).default([])])))
  .strict();

const fileSchema = z
  .object({
    spec: z
      .object({
        id,
        title: text,
        family: z.enum(ATTACK_FAMILIES),
        hosts: z
          .array(
            z
              .object({
                ip: text,
                name: text,
                role: z.enum(['attacker', 'server', 'workstation', 'gateway', 'c2']),
                services: z
                  .array(z.string().regex(/^[a-z]+\/\d{1,5}( .+)?$/, 'like "tcp/22 ssh"'))
                  .default([]),
                critical: z.boolean().default(false),
              })
              .strict(),
          )
          .min(1),
        variants: z
          .array(
            z
              .object({
                id,
                title: text,
                tactics: z.array(text).default([]),
                description: text,
              })
              .strict(),
          )
          .min(1),
        trueVariant: id,
        system: text,
      })
      .strict(),
    accounts: z.array(text).default([]),
    external: z.array(text).default([]),
    evidenceNoise: z.number().min(0).max(1).optional(),
    variants: z.record(
      id,
      z
        .object({
          requirements: stageTable,
          emitters: z.array(emitter).min(1),
          evidence: z.record(text, text).default({}),
        })
        .strict(),
    ),
  })
  .strict();

/** A scenario file that failed its checks: every problem with its JSON path. */
export class ScenarioFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`${file}: not a valid scenario:\n  ${problems.join('\n  ')}`);
    this.name = 'ScenarioFileError';
  }
}

/** Parse and check a scenario from JSON text (`file` names it in errors). */
export function parseScenario(json: string, file: string): ScenarioModel {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new ScenarioFileError(file, [`not JSON: ${(e as Error).message}`]);
  }
  const r = fileSchema.safeParse(raw);
  if (!r.success)
    throw new ScenarioFileError(
      file,
      r.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`),
    );
  const f = r.data;
  const model: ScenarioModel = {
    spec: f.spec as ScenarioSpec,
    accounts: f.accounts,
    external: f.external,
    ...(f.evidenceNoise === undefined ? {} : { evidenceNoise: f.evidenceNoise }),
    variants: Object.fromEntries(
      Object.entries(f.variants).map(([vid, v]) => [
        vid,
        {
          id: vid,
          requirements: v.requirements as ScenarioModel['variants'][string]['requirements'],
          emitters: v.emitters,
          evidence: v.evidence,
        },
      ]),
    ),
  };
  const problems = check(model);
  if (problems.length) throw new ScenarioFileError(file, problems);
  return model;
}

/** Read, check and register a scenario file; returns the model. */
export function loadScenarioFile(path: string): ScenarioModel {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScenarioFileError(path, [`cannot read: ${(e as Error).message}`]);
  }
  const model = parseScenario(json, path);
  try {
    registerScenario(model);
  } catch (e) {
    throw new ScenarioFileError(path, [(e as Error).message]);
  }
  return model;
}

/** The checks a schema cannot make: variants modelled, actions valid, every variant recoverable. */
function check(m: ScenarioModel): string[] {
  const out: string[] = [];
  const ids = m.spec.variants.map((v) => v.id);
  if (new Set(ids).size !== ids.length) out.push('spec.variants: two variants share an id');
  if (!ids.includes(m.spec.trueVariant))
    out.push(`spec.trueVariant: "${m.spec.trueVariant}" is not one of ${ids.join(', ')}`);
  for (const vid of ids)
    if (!m.variants[vid]) out.push(`variants: no model for spec variant "${vid}"`);
  for (const vid of Object.keys(m.variants))
    if (!ids.includes(vid)) out.push(`variants.${vid}: not a variant of spec.variants`);
  const ips = new Set([...m.spec.hosts.map((h) => h.ip), ...m.external]);
  const action = (path: string, key: string) => {
    const a = parseActionKey(key);
    const v = verb(a.verb);
    if (!v) return out.push(`${path}: "${key}": unknown verb "${a.verb}"`);
    if (!targetsOf(m, v.targetKind).includes(a.target))
      out.push(`${path}: "${key}": "${a.target ?? '-'}" is not a ${v.targetKind} of this network`);
  };
  for (const [vid, v] of Object.entries(m.variants)) {
    for (const s of STAGES)
      v.requirements[s].forEach((r, i) =>
        r.anyOf.forEach((alt, j) =>
          alt.forEach((key, n) =>
            action(`variants.${vid}.requirements.${s}.${i}.anyOf.${j}.${n}`, key),
          ),
        ),
      );
    v.emitters.forEach((e, i) => {
      if (!ips.has(e.src))
        out.push(`variants.${vid}.emitters.${i}.src: "${e.src}" is not a host or external address`);
      if (!ips.has(e.dst))
        out.push(`variants.${vid}.emitters.${i}.dst: "${e.dst}" is not a host or external address`);
      e.until.forEach((key, n) => action(`variants.${vid}.emitters.${i}.until.${n}`, key));
    });
    for (const key of Object.keys(v.evidence)) action(`variants.${vid}.evidence`, key);
  }
  if (out.length) return out;
  for (const vid of ids) {
    try {
      optimalSteps(m.spec, vid, m);
    } catch (e) {
      out.push(`variants.${vid}: ${(e as Error).message}`);
    }
  }
  return out;
}
