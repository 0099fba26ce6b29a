/** The label → class map (resources/class-map.json): loading, validation and lookup. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { TRAFFIC_CLASSES } from '../../../shared/classes';
import { resourcePath } from '../../runtime/paths';
import { isAttemptedLabel, labelKey, normaliseLabel } from './labels';

const className = z.enum(TRAFFIC_CLASSES);
const labelList = z.array(z.string().trim().min(1));

/** Shape of class-map.json. Keys starting with `_` are comments. */
const ClassMapFile = z
  .object({
    classes: z.record(className, labelList),
    excluded: z.record(z.string().trim().min(1), labelList).default({}),
    ambiguous: z.record(z.string().trim().min(1), z.array(className).min(2)).default({}),
    attempted: z.union([className, z.literal('exclude')]).default('Benign'),
  })
  .catchall(z.unknown())
  .superRefine((file, ctx) => {
    for (const key of Object.keys(file)) {
      if (
        !key.startsWith('_') &&
        !['classes', 'excluded', 'ambiguous', 'attempted'].includes(key)
      ) {
        ctx.addIssue({ code: 'custom', path: [key], message: `unknown key "${key}"` });
      }
    }
  });

/** A validated class map; lookups are by {@link labelKey} of the normalised label. */
export interface ClassMap {
  /** Where it was loaded from (for messages). */
  readonly source: string;
  /** label key → one of the eight classes. */
  readonly classes: ReadonlyMap<string, string>;
  /** label key → excluded group name (e.g. `botnet` → `Bot`). */
  readonly excluded: ReadonlyMap<string, string>;
  /** label key → candidate classes. */
  readonly ambiguous: ReadonlyMap<string, readonly string[]>;
  /** Class of `... - Attempted` flows, or 'exclude'. */
  readonly attempted: string;
}

/** Result of {@link mapLabel}. */
export type LabelMapping =
  | { kind: 'class'; name: string }
  | { kind: 'excluded'; name: string }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'unknown' };

/** Loads and validates a class map (default resources/class-map.json); throws a readable error. */
export function loadClassMap(path: string = resourcePath('class-map.json')): ClassMap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`class map ${path}: cannot read it (${(err as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`class map ${path}: not valid JSON (${(err as Error).message})`);
  }
  return parseClassMap(json, path);
}

/** Validates an already-parsed class map object; `source` names it in error messages. */
export function parseClassMap(json: unknown, source: string): ClassMap {
  const parsed = ClassMapFile.safeParse(json);
  if (!parsed.success) {
    throw new Error(`class map ${source} is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  const file = parsed.data;
  const owner = new Map<string, string>();
  const claim = (label: string, where: string): string => {
    const key = labelKey(normaliseLabel(label));
    const prev = owner.get(key);
    if (prev !== undefined && prev !== where) {
      throw new Error(
        `class map ${source} is invalid: label "${label}" is under both ${prev} and ${where}`,
      );
    }
    owner.set(key, where);
    return key;
  };
  const classes = new Map<string, string>();
  for (const [name, labels] of Object.entries(file.classes)) {
    for (const label of labels ?? []) classes.set(claim(label, `classes.${name}`), name);
  }
  const excluded = new Map<string, string>();
  for (const [group, labels] of Object.entries(file.excluded)) {
    for (const label of labels) excluded.set(claim(label, `excluded.${group}`), group);
  }
  const ambiguous = new Map<string, readonly string[]>();
  for (const [label, candidates] of Object.entries(file.ambiguous)) {
    ambiguous.set(claim(label, 'ambiguous'), candidates);
  }
  return { source, classes, excluded, ambiguous, attempted: file.attempted };
}

/**
 * Maps a normalised label to a class. Precedence: attempted attacks, the eight classes, extra
 * classes (an entry names an excluded group, or a label directly), excluded, ambiguous, unknown.
 */
export function mapLabel(
  map: ClassMap,
  normalisedLabel: string,
  extraClasses: readonly string[] = [],
): LabelMapping {
  const key = labelKey(normalisedLabel);
  if (key === '') return { kind: 'unknown' };
  if (isAttemptedLabel(normalisedLabel)) {
    return map.attempted === 'exclude'
      ? { kind: 'excluded', name: normalisedLabel }
      : { kind: 'class', name: map.attempted };
  }
  const cls = map.classes.get(key);
  if (cls !== undefined) return { kind: 'class', name: cls };
  const group = map.excluded.get(key);
  for (const extra of extraClasses) {
    const extraKey = labelKey(normaliseLabel(extra));
    if (extraKey === key || (group !== undefined && extraKey === labelKey(group))) {
      return { kind: 'class', name: extra };
    }
  }
  if (group !== undefined) return { kind: 'excluded', name: group };
  const candidates = map.ambiguous.get(key);
  if (candidates !== undefined) return { kind: 'ambiguous', candidates: [...candidates] };
  return { kind: 'unknown' };
}
