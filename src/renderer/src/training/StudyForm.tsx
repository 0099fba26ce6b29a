/**
 * The study form: `rampart eval` on loaded datasets under a regime — methods, seeds, class mix,
 * a weaker detector, λ, and another loaded dataset as the test source (a change of data source).
 */
import { useState } from 'react';
import type { DatasetSummary, RequestArgs } from '../../../shared/contract';
import { STUDY_LIMITS } from '../../../shared/contract';
import { METHODS } from './fields';
import {
  defaultStudyValues,
  PREVALENCE_DOC,
  STUDY_PREVALENCES,
  toStudyArgs,
  type StudyValues,
} from './studyFields';

/** Props of {@link StudyForm}. */
export interface StudyFormProps {
  datasetId: number | null;
  /** Loaded datasets, offered as the test source. */
  datasets: DatasetSummary[];
  /** A study is running or a request is on its way. */
  disabled: boolean;
  onStart(args: RequestArgs<'training.study'>): void;
}

type TextKey = 'seeds' | 'seed' | 'maxDepth' | 'minLeaf' | 'lambda' | 'passes' | 'split';

const L = STUDY_LIMITS;
const TEXT_FIELDS: { key: TextKey; label: string; doc: string; hint: string }[] = [
  {
    key: 'seeds',
    label: 'Seeds',
    doc: 'Runs on seed, seed + 1, …; with 2 or more every number is a mean with its 95% interval',
    hint: `${L.seeds.min}–${L.seeds.max}`,
  },
  { key: 'seed', label: 'First seed', doc: 'Seed of the split, KG warm-up and learners', hint: '' },
  {
    key: 'maxDepth',
    label: 'Detector max depth',
    doc: 'Limit the detector tree (a weaker detector, like the paper’s); blank: the default',
    hint: `${L.maxDepth.min}–${L.maxDepth.max}, blank: default`,
  },
  {
    key: 'minLeaf',
    label: 'Detector min leaf',
    doc: 'Fewest training flows in a leaf; blank: the default',
    hint: `${L.minLeaf.min}–${L.minLeaf.max}, blank: default`,
  },
  {
    key: 'lambda',
    label: 'λ',
    doc: 'KL weight toward the advice at the start of the KG methods’ training; blank: the learner’s schedule',
    hint: `${L.lambda.min}–${L.lambda.max}, blank: default`,
  },
  {
    key: 'passes',
    label: 'Passes',
    doc: 'Passes over the training flows (the paper: 5)',
    hint: `${L.passes.min}–${L.passes.max}`,
  },
  {
    key: 'split',
    label: 'Training fraction',
    doc: 'Stratified split of the training dataset (only without a test dataset)',
    hint: `between ${L.split.min} and ${L.split.max}`,
  },
];

/** The form. */
export function StudyForm({ datasetId, datasets, disabled, onStart }: StudyFormProps) {
  const [v, setV] = useState<StudyValues>(defaultStudyValues);
  const checked = datasetId === null ? null : toStudyArgs(datasetId, v);
  const errors = checked?.errors ?? {};
  const others = datasets.filter((d) => d.status === 'ready' && d.id !== datasetId);
  const set = (patch: Partial<StudyValues>) => setV((cur) => ({ ...cur, ...patch }));

  return (
    <form
      className="panel training-form study-form"
      data-testid="study-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (checked?.args) onStart(checked.args);
      }}
    >
      <h3>Study under a regime</h3>
      <p className="muted small">
        The paper’s study (as <code>rampart eval</code>) on this dataset: a detector trained for the
        regime, each method trained and scored on the test flows, beside the oracle. Advice comes
        from the KG advisor.
      </p>
      <div className="methods study-methods">
        {METHODS.map((m) => (
          <label key={m.id} className="check" data-testid={`study-method-${m.id}`}>
            <input
              type="checkbox"
              checked={v.methods.includes(m.id)}
              onChange={(e) =>
                set({
                  methods: e.target.checked
                    ? [...v.methods, m.id]
                    : v.methods.filter((x) => x !== m.id),
                })
              }
            />
            {m.label}
          </label>
        ))}
        {errors.methods && <span className="error small">{errors.methods}</span>}
      </div>
      <div className="fields">
        <label className={errors.testDatasetId ? 'field invalid' : 'field'}>
          <span>Test dataset</span>
          <select
            value={v.testDatasetId}
            data-testid="study-test-dataset"
            onChange={(e) => set({ testDatasetId: e.target.value })}
          >
            <option value="">Split this dataset</option>
            {others.map((d) => (
              <option key={d.id} value={String(d.id)}>
                #{d.id} {d.name}
              </option>
            ))}
          </select>
          <span className="muted small">
            {errors.testDatasetId ?? 'another loaded dataset: a change of data source'}
          </span>
        </label>
        <label className="field" title={PREVALENCE_DOC[v.prevalence]}>
          <span>Class mix (weighted average)</span>
          <select
            value={v.prevalence}
            data-testid="study-prevalence"
            onChange={(e) => set({ prevalence: e.target.value as StudyValues['prevalence'] })}
          >
            {STUDY_PREVALENCES.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <span className="muted small">{PREVALENCE_DOC[v.prevalence]}</span>
        </label>
        {TEXT_FIELDS.filter((f) => f.key !== 'split' || v.testDatasetId === '').map((f) => {
          const err = errors[f.key] ?? null;
          return (
            <label key={f.key} className={err ? 'field invalid' : 'field'} title={f.doc}>
              <span>{f.label}</span>
              <input
                type="text"
                inputMode="decimal"
                value={v[f.key]}
                data-testid={`study-field-${f.key}`}
                aria-invalid={err !== null}
                onChange={(e) => set({ [f.key]: e.target.value })}
              />
              <span className="muted small">
                {err ? <span className="error">{err}</span> : f.hint}
              </span>
            </label>
          );
        })}
      </div>
      <div className="row">
        <button
          type="submit"
          className="primary"
          data-testid="study-start"
          disabled={disabled || !checked?.args}
        >
          Run study
        </button>
        <button type="button" onClick={() => setV(defaultStudyValues())}>
          Reset to defaults
        </button>
        {datasetId === null && <span className="muted">Pick a dataset first.</span>}
      </div>
    </form>
  );
}
