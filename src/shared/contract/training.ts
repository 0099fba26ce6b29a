/**
 * Training runs (`training.*`). The config schema is derived from the learner's one definition in
 * src/shared/learner.ts (defaults, docs, ranges), which the renderer's form uses as well.
 */
import { z } from 'zod';
import {
  HIDDEN_FIELD,
  METHOD_IDS,
  NUMBER_FIELDS,
  type Method,
  type NumberKey,
  type NumberSpec,
} from '../learner';
import { handle, id } from './common';

/** The schema of one numeric hyperparameter: its range, and whole numbers where it says so. */
function numberSchema(f: NumberSpec): z.ZodNumber {
  const n = f.integer ? z.number().int() : z.number();
  return (f.minExclusive ? n.gt(f.min) : n.min(f.min)).max(f.max);
}

const numberShape = Object.fromEntries(
  Object.entries(NUMBER_FIELDS).map(([k, f]) => [k, numberSchema(f)]),
) as Record<NumberKey, z.ZodNumber>;

/** `training.start`'s config: any subset of the learner's hyperparameters. */
const learnerConfig = z
  .object({
    ...numberShape,
    hidden: z
      .array(z.number().int().min(HIDDEN_FIELD.min).max(HIDDEN_FIELD.max))
      .min(HIDDEN_FIELD.minLayers)
      .max(HIDDEN_FIELD.maxLayers),
  })
  .partial()
  .strict()
  .default({});

/** Class mixes of a study's weighted average (see `rampart eval --prevalence`). */
export const STUDY_PREVALENCES = ['release', 'paper', 'data'] as const;
export type StudyPrevalence = (typeof STUDY_PREVALENCES)[number];

/** Ranges of a study's regime options (the form shows them; the schema enforces them). */
export const STUDY_LIMITS = {
  /** Seeds: 1 gives point values; 2–10 give means with 95% t intervals and paired tests. */
  seeds: { min: 1, max: 10, default: 1 },
  /** First seed. */
  seed: { min: 0, max: 2 ** 31 - 1, default: 1 },
  /** Detector tree depth limit (null: the detector's default). */
  maxDepth: { min: 1, max: 64 },
  /** Fewest training flows in a detector leaf (null: the detector's default). */
  minLeaf: { min: 1, max: 100_000 },
  /** KL weight λ at the start of the KG methods' training (null: the learner's schedule). */
  lambda: { min: 0, max: 100 },
  /** Training fraction of the split when no test dataset is given (exclusive bounds). */
  split: { min: 0, max: 1, default: 0.7 },
  /** Passes over the training flows (the paper's protocol: 5). */
  passes: { min: 0.01, max: 20, default: 5 },
} as const;

const L = STUDY_LIMITS;

/** `training.study`: the paper's study (`rampart eval`) on loaded datasets, under a regime. */
const studyArgs = z
  .object({
    /** Labelled dataset whose flows train the detector (and, without a test dataset, are split). */
    datasetId: id,
    /** A different loaded dataset to test on (a change of data source); null: split datasetId. */
    testDatasetId: id.nullable().default(null),
    methods: z
      .array(z.enum(METHOD_IDS))
      .min(1)
      .max(METHOD_IDS.length)
      .refine((ms) => new Set(ms).size === ms.length, 'each method at most once')
      .default([...METHOD_IDS]),
    seeds: z.number().int().min(L.seeds.min).max(L.seeds.max).default(L.seeds.default),
    seed: z.number().int().min(L.seed.min).max(L.seed.max).default(L.seed.default),
    prevalence: z.enum(STUDY_PREVALENCES).default('release'),
    maxDepth: z.number().int().min(L.maxDepth.min).max(L.maxDepth.max).nullable().default(null),
    minLeaf: z.number().int().min(L.minLeaf.min).max(L.minLeaf.max).nullable().default(null),
    lambda: z.number().min(L.lambda.min).max(L.lambda.max).nullable().default(null),
    split: z.number().gt(L.split.min).lt(L.split.max).default(L.split.default),
    passes: z.number().min(L.passes.min).max(L.passes.max).default(L.passes.default),
  })
  .strict()
  .refine((a) => a.testDatasetId !== a.datasetId, {
    message: 'the test dataset must be another dataset than the training one',
    path: ['testDatasetId'],
  });

/** Argument schemas of the training requests. */
export const trainingRequests = {
  'training.start': z
    .object({
      datasetId: id,
      method: z.enum(METHOD_IDS),
      config: learnerConfig,
      /** Install the trained policy for the dataset's detector (new recommendations). */
      install: z.boolean().default(false),
    })
    .strict(),
  'training.control': z
    .object({ runId: handle, action: z.enum(['pause', 'resume', 'stop']) })
    .strict(),
  'training.status': z.object({ runId: handle.optional() }).strict(),
  'training.study': studyArgs,
  'training.studyControl': z.object({ studyId: handle, action: z.literal('stop') }).strict(),
  'training.studyStatus': z.object({ studyId: handle.optional() }).strict(),
} as const;

/** Where a training run stands. */
export interface TrainingStatus {
  runId: string;
  datasetId: number;
  method: Method;
  /** `interrupted`: the process died while the run was running or paused (read from its job record). */
  state: 'running' | 'paused' | 'stopped' | 'completed' | 'failed' | 'interrupted';
  /** tfjs backend in use, and why it was chosen. */
  backend: string | null;
  backendReason: string | null;
  phase: 'preparing' | 'pretrain' | 'rl' | 'supervised' | 'evaluating' | 'done';
  episodes: number;
  totalEpisodes: number;
  episodesPerSec: number;
  lambda: number;
  /** Mean reward per update vs episodes (the live curve). */
  curve: { episodes: number; meanReward: number }[];
  /** Last PPO update's losses (CleanRL names). */
  losses: {
    policy_loss: number;
    value_loss: number;
    entropy: number;
    approx_kl: number;
    kl_llm: number | null;
  } | null;
  /** After the run: test-split evaluation (the paper's Table IV and Fig. 5). */
  evaluation: {
    avgReward: number;
    avgRewardWeighted: number;
    perClass: Record<string, number>;
    correctWhenRight: number;
    correctWhenWrong: number;
    oracleAvgReward: number;
  } | null;
  /** Policy id when installed for recommendations. */
  installedPolicyId: number | null;
  error: string | null;
  startedAt: string;
}

/** A 95% t interval over seeds. */
export type StudyInterval = [number, number];

/** A method against PPO over the same seeds (method − PPO): the two-sided paired t-test. */
export interface PairedSummary {
  n: number;
  meanDiff: number;
  ci95: StudyInterval;
  p: number;
}

/** One method's numbers in a study: means over the seeds, intervals when seeds > 1. */
export interface StudyMethodResult {
  avgReward: number;
  avgRewardWeighted: number;
  avgRewardFlows: number;
  perClass: Record<string, number>;
  correctWhenRight: number;
  correctWhenWrong: number;
  ci95: { avgReward: StudyInterval; avgRewardWeighted: StudyInterval } | null;
  /** Null for PPO itself, with one seed, or when PPO was not run. */
  vsPpo: { avgReward: PairedSummary; avgRewardWeighted: PairedSummary } | null;
  /** "Needs review" as selective prediction: AURC of the review ranking vs B alone vs π alone. */
  review: {
    flaggedShare: number;
    wrongActionShare: number;
    wrongCaughtShare: number | null;
    aurc: number;
    aurcByB: number;
    aurcByPi: number;
    ci95: { aurc: StudyInterval; aurcByB: StudyInterval; aurcByPi: StudyInterval } | null;
  };
}

/** What a study measured (the console's view of `rampart eval --json`). */
export interface StudyResult {
  regime: {
    /** Training and test sources by dataset (test null: a split of the training dataset). */
    train: string[];
    test: string[] | null;
    split: number | null;
    prevalence: StudyPrevalence;
    prevalenceSource: string;
    seeds: number;
    seedList: number[];
    maxDepth: number | null;
    minLeaf: number | null;
    lambdaStart: number;
    lambdaEnd: number;
    /** Test labelled rows of classes the training dataset does not name (not scored). */
    testClassesDropped: Record<string, number>;
    /** Classes with test flows but no training flow (the detector cannot predict them). */
    classesNotInTrain: Record<string, number>;
  };
  /** Which advisor the KG methods and LLM-KG took advice from. */
  advisor: 'kg' | 'llm';
  detector: {
    macroF1: number;
    macroF1Ci95: StudyInterval | null;
    accuracy: number;
    signatures: number;
  };
  /** Reliability of B on the test flows. */
  calibration: { ece: number; eceCi95: StudyInterval | null; meanB: number; accuracy: number };
  methods: Partial<Record<Method, StudyMethodResult>>;
  /** Per-signature oracle fitted on the training split and on the test split. */
  oracle: {
    train: { avgReward: number; avgRewardWeighted: number; ci95: StudyInterval | null };
    test: { avgReward: number; avgRewardWeighted: number; ci95: StudyInterval | null };
  };
  seconds: number;
}

/** Where a study stands. */
export interface StudyStatus {
  studyId: string;
  datasetId: number;
  testDatasetId: number | null;
  state: 'running' | 'completed' | 'failed' | 'stopped';
  /** The study's last log lines (one per step). */
  log: string[];
  result: StudyResult | null;
  error: string | null;
  startedAt: string;
}

/** Result types of the training requests. */
export interface TrainingResults {
  'training.start': TrainingStatus;
  'training.control': TrainingStatus;
  'training.status': TrainingStatus | null;
  'training.study': StudyStatus;
  'training.studyControl': StudyStatus;
  'training.studyStatus': StudyStatus | null;
}
