/**
 * The study form's regime fields (the ranges are the contract's STUDY_LIMITS, so the form refuses
 * what the core would). Blank optional fields mean the default. Pure TypeScript (no DOM).
 */
import {
  STUDY_LIMITS,
  STUDY_PREVALENCES,
  type RequestArgs,
  type StudyPrevalence,
} from '../../../shared/contract';
import { METHOD_IDS, type Method } from '../../../shared/learner';

export { STUDY_PREVALENCES };

/** What the analyst typed or picked. */
export interface StudyValues {
  methods: Method[];
  seeds: string;
  seed: string;
  prevalence: StudyPrevalence;
  maxDepth: string;
  minLeaf: string;
  lambda: string;
  passes: string;
  split: string;
  /** '' : split the training dataset. */
  testDatasetId: string;
}

/** The form at the study's defaults. */
export function defaultStudyValues(): StudyValues {
  return {
    methods: [...METHOD_IDS],
    seeds: String(STUDY_LIMITS.seeds.default),
    seed: String(STUDY_LIMITS.seed.default),
    prevalence: 'release',
    maxDepth: '',
    minLeaf: '',
    lambda: '',
    passes: String(STUDY_LIMITS.passes.default),
    split: String(STUDY_LIMITS.split.default),
    testDatasetId: '',
  };
}

/** What each class mix weights by (see `rampart eval --prevalence`). */
export const PREVALENCE_DOC: Record<StudyPrevalence, string> = {
  release: 'the improved CICIDS2017 release’s class counts',
  paper: 'the paper’s Table I class mix (~80% Benign)',
  data: 'the test flows’ own class counts',
};

type Range = { min: number; max: number };

function number(
  text: string,
  r: Range,
  opts: { integer?: boolean; exclusive?: boolean },
): number | string {
  const x = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(x)) return 'a number';
  if (opts.integer && !Number.isInteger(x)) return 'a whole number';
  if (opts.exclusive ? x <= r.min || x >= r.max : x < r.min || x > r.max)
    return opts.exclusive ? `between ${r.min} and ${r.max}` : `${r.min}–${r.max}`;
  return x;
}

/** `training.study`'s arguments for the form, or the errors by field. */
export function toStudyArgs(
  datasetId: number,
  v: StudyValues,
):
  | { args: RequestArgs<'training.study'>; errors: null }
  | { args: null; errors: Partial<Record<keyof StudyValues, string>> } {
  const errors: Partial<Record<keyof StudyValues, string>> = {};
  const L = STUDY_LIMITS;
  const req = (key: keyof StudyValues, r: Range, o: { integer?: boolean; exclusive?: boolean }) => {
    const x = number(v[key] as string, r, o);
    if (typeof x === 'string') errors[key] = x;
    return typeof x === 'number' ? x : 0;
  };
  const opt = (key: keyof StudyValues, r: Range, o: { integer?: boolean }) =>
    (v[key] as string).trim() === '' ? null : req(key, r, o);
  const testDatasetId = v.testDatasetId === '' ? null : Number(v.testDatasetId);
  if (testDatasetId === datasetId) errors.testDatasetId = 'another dataset than the training one';
  if (v.methods.length === 0) errors.methods = 'at least one method';
  const args: RequestArgs<'training.study'> = {
    datasetId,
    testDatasetId,
    methods: METHOD_IDS.filter((m) => v.methods.includes(m)),
    seeds: req('seeds', L.seeds, { integer: true }),
    seed: req('seed', L.seed, { integer: true }),
    prevalence: v.prevalence,
    maxDepth: opt('maxDepth', L.maxDepth, { integer: true }),
    minLeaf: opt('minLeaf', L.minLeaf, { integer: true }),
    lambda: opt('lambda', L.lambda, {}),
    passes: req('passes', L.passes, {}),
    split: testDatasetId === null ? req('split', L.split, { exclusive: true }) : L.split.default,
  };
  return Object.keys(errors).length ? { args: null, errors } : { args, errors: null };
}
