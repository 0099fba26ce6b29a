/**
 * The queue's filters: class, status, confidence range, recommended action, free-text search, the
 * signature chip and Clear filters. Typed inputs keep a draft and apply it after a short pause; the
 * parent remounts the bar (a new `key`) when it resets the filters, which also drops pending drafts.
 */
import { useState, type KeyboardEvent } from 'react';
import type { AlertRow, DatasetSummary } from '../../../shared/contract';
import { actionLabel, type Catalogue } from '../catalogue';
import { formatShare } from '../format';
import {
  hasFilters,
  MAX_TEXT,
  normaliseText,
  parseConfidenceRange,
  RISK_STEPS,
  type AlertFilters,
} from './query';
import { useDebouncer } from './useDebouncer';

/** Pause after the last keystroke before a search is sent. */
export const TEXT_DEBOUNCE_MS = 300;
/** Pause after the last change of a confidence bound. */
export const CONFIDENCE_DEBOUNCE_MS = 250;

type Status = AlertRow['status'];
const STATUSES: Status[] = ['pending', 'approved', 'overridden', 'auto'];

/** Props of {@link AlertFiltersBar}. */
export interface AlertFiltersBarProps {
  filters: AlertFilters;
  /** Apply some filters (the others stay). */
  onFilters(patch: Partial<AlertFilters>): void;
  /** Reset every filter. */
  onClear(): void;
  classes: string[];
  catalogue: Catalogue;
  /** Every source (dataset or live feed): the queue shows all of them unless one is picked. */
  datasets: DatasetSummary[];
}

/** A removable filter chip. */
function Chip({
  testId,
  label,
  onRemove,
  data,
}: {
  testId: string;
  label: string;
  onRemove(): void;
  data?: Record<string, string>;
}) {
  return (
    <span className="chip" data-testid={testId} {...data}>
      {label}
      <button
        type="button"
        className="chip-x"
        aria-label={`Remove the filter: ${label}`}
        title="Remove this filter"
        data-testid={`${testId}-remove`}
        onClick={onRemove}
      >
        ×
      </button>
    </span>
  );
}

const boundText = (v: number | undefined): string => (v === undefined ? '' : String(v));

/** The filter row of the Alerts screen. */
export function AlertFiltersBar({
  filters,
  onFilters,
  onClear,
  classes,
  catalogue,
  datasets,
}: AlertFiltersBarProps) {
  const [text, setText] = useState(filters.text ?? '');
  const [minText, setMinText] = useState(boundText(filters.minConfidence));
  const [maxText, setMaxText] = useState(boundText(filters.maxConfidence));
  const textTimer = useDebouncer(TEXT_DEBOUNCE_MS);
  const rangeTimer = useDebouncer(CONFIDENCE_DEBOUNCE_MS);
  const range = parseConfidenceRange(minText, maxText);

  const onBound = (min: string, max: string): void => {
    setMinText(min);
    setMaxText(max);
    const r = parseConfidenceRange(min, max);
    // An invalid range is not sent: the rows stay as they were until it is fixed.
    if (r.ok) rangeTimer.call(() => onFilters({ minConfidence: r.min, maxConfidence: r.max }));
    else rangeTimer.cancel();
  };

  const onSearchKey = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'Enter') textTimer.flush();
    else if (e.key === 'Escape' && text !== '') {
      setText('');
      textTimer.cancel();
      onFilters({ text: undefined });
    }
  };

  const anything = hasFilters(filters) || text !== '' || minText !== '' || maxText !== '';

  return (
    <div className="toolbar alerts-filters" data-testid="alerts-filters">
      <label title="Every dataset and live feed lands in one queue; pick one to see only it">
        Source{' '}
        <select
          data-testid="alerts-source-filter"
          value={filters.datasetId === undefined ? '' : String(filters.datasetId)}
          onChange={(e) =>
            onFilters({ datasetId: e.target.value === '' ? undefined : Number(e.target.value) })
          }
        >
          <option value="">All sources</option>
          {datasets.map((d) => (
            <option key={d.id} value={d.id}>
              {d.name}
            </option>
          ))}
        </select>
      </label>
      <input
        type="search"
        className="search"
        placeholder="Search source, destination, signature…"
        aria-label="Search alerts by source, destination or signature text"
        maxLength={MAX_TEXT}
        value={text}
        data-testid="alerts-search"
        onChange={(e) => {
          const t = e.target.value;
          setText(t);
          textTimer.call(() => onFilters({ text: normaliseText(t) }));
        }}
        onKeyDown={onSearchKey}
      />
      <label>
        Class{' '}
        <select
          data-testid="alerts-class-filter"
          value={filters.predictedClass ?? ''}
          onChange={(e) => onFilters({ predictedClass: e.target.value || undefined })}
        >
          <option value="">All classes</option>
          {classes.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status{' '}
        <select
          data-testid="alerts-status-filter"
          value={filters.status ?? ''}
          onChange={(e) =>
            onFilters({ status: (e.target.value || undefined) as Status | undefined })
          }
        >
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <span
        className={range.ok ? 'conf-range-filter' : 'conf-range-filter invalid'}
        title={range.ok ? 'Beta confidence mean, inclusive; empty = unbounded' : range.error}
      >
        Confidence{' '}
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          placeholder="0"
          aria-label="Minimum confidence"
          aria-invalid={!range.ok}
          value={minText}
          data-testid="alerts-min-confidence"
          onChange={(e) => onBound(e.target.value, maxText)}
        />
        –
        <input
          type="number"
          min={0}
          max={1}
          step={0.05}
          placeholder="1"
          aria-label="Maximum confidence"
          aria-invalid={!range.ok}
          value={maxText}
          data-testid="alerts-max-confidence"
          onChange={(e) => onBound(minText, e.target.value)}
        />
        {!range.ok && (
          <span className="error small" role="alert" data-testid="alerts-confidence-error">
            {range.error}
          </span>
        )}
      </span>
      <label>
        Action{' '}
        <select
          data-testid="alerts-action-filter"
          value={filters.action === undefined ? '' : String(filters.action)}
          title="The policy’s recommended action"
          onChange={(e) =>
            onFilters({ action: e.target.value === '' ? undefined : Number(e.target.value) })
          }
        >
          <option value="">Any recommended action</option>
          {catalogue.actions.map((a) => (
            <option key={a.index} value={a.index}>
              {actionLabel(catalogue, a.index)}
            </option>
          ))}
        </select>
      </label>
      <label title="Posterior probability that the recommended action is wrong for the flow’s true class">
        Risk{' '}
        <select
          data-testid="alerts-risk-filter"
          value={filters.minRisk === undefined ? '' : String(filters.minRisk)}
          onChange={(e) =>
            onFilters({ minRisk: e.target.value === '' ? undefined : Number(e.target.value) })
          }
        >
          <option value="">Any risk</option>
          {RISK_STEPS.map((r) => (
            <option key={r} value={r}>
              P wrong ≥ {formatShare(r)}
            </option>
          ))}
        </select>
      </label>
      <label className="check" title="Only recommendations flagged for an analyst’s review">
        <input
          type="checkbox"
          data-testid="alerts-needs-review-filter"
          checked={filters.needsReview === true}
          onChange={(e) => onFilters({ needsReview: e.target.checked ? true : undefined })}
        />{' '}
        Needs review only
      </label>
      {filters.signatureId !== undefined && (
        <span
          className="chip"
          data-testid="alerts-signature-chip"
          data-signature-id={filters.signatureId}
        >
          signature #{filters.signatureId}
          <button
            type="button"
            className="chip-x"
            aria-label={`Remove the filter on signature #${filters.signatureId}`}
            title="Remove this filter"
            data-testid="alerts-signature-chip-remove"
            onClick={() => onFilters({ signatureId: undefined })}
          >
            ×
          </button>
        </span>
      )}
      {filters.signatureIds !== undefined && (
        <Chip
          testId="alerts-signatures-chip"
          label={filters.signatureLabel ?? `${filters.signatureIds.length} signatures`}
          data={{ 'data-signature-ids': filters.signatureIds.join(',') }}
          onRemove={() => onFilters({ signatureIds: undefined, signatureLabel: undefined })}
        />
      )}
      {filters.src !== undefined && (
        <Chip
          testId="alerts-src-chip"
          label={`from ${filters.src}`}
          onRemove={() => onFilters({ src: undefined })}
        />
      )}
      {filters.dst !== undefined && (
        <Chip
          testId="alerts-dst-chip"
          label={`to ${filters.dst}`}
          onRemove={() => onFilters({ dst: undefined })}
        />
      )}
      {filters.dstPort !== undefined && (
        <Chip
          testId="alerts-port-chip"
          label={`port ${filters.dstPort}`}
          onRemove={() => onFilters({ dstPort: undefined })}
        />
      )}
      <button
        type="button"
        data-testid="alerts-clear-filters"
        disabled={!anything}
        onClick={onClear}
      >
        Clear filters
      </button>
    </div>
  );
}
