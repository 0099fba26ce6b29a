/** One row of the alerts table, or a placeholder while its page loads. */
import { memo, type MouseEvent } from 'react';
import type { AlertRow, RecommendationBrief } from '../../../shared/contract';
import { actionAt, type Catalogue } from '../catalogue';
import { AdvisorBadge } from '../components/AdvisorBadge';
import { ClassBadge } from '../components/ClassBadge';
import { StatusPill } from '../components/StatusPill';
import { flowText, formatReward, formatShare } from '../format';
import { ConfidenceCell } from './ConfidenceCell';
import { formatEventTime } from './eventTime';

/** How a check request extends the selection. */
export type CheckMode = 'toggle' | 'range';

/** Props of {@link AlertRowView}. */
export interface AlertRowViewProps {
  index: number;
  row: AlertRow | undefined;
  top: number;
  selected: boolean;
  checked: boolean;
  catalogue: Catalogue;
  /** The source's name (dataset or live feed). */
  source: string;
  /** Show the day with the time (the rows on screen span days). */
  withDate: boolean;
  onSelect(index: number): void;
  onCheck(index: number, mode: CheckMode): void;
}

/** Tooltip of a row without a recommendation. */
export const NO_POLICY_TITLE =
  'No recommendation: no policy has been trained for this dataset yet (it is trained after classifying, in the load job’s advising phase).';

/** A positioned grid row; memoised so scrolling re-renders only rows whose data changed. */
export const AlertRowView = memo(function AlertRowView({
  index,
  row,
  top,
  selected,
  checked,
  catalogue,
  source,
  withDate,
  onSelect,
  onCheck,
}: AlertRowViewProps) {
  const style = { transform: `translateY(${top}px)` };
  if (!row) {
    return (
      <div
        className="arow placeholder"
        role="row"
        style={style}
        data-index={index}
        aria-busy="true"
      >
        <span className="cell muted">loading…</span>
      </div>
    );
  }
  const flow = flowText(row.src, row.dst, row.dstPort);
  const mismatch = row.trueClass !== null && row.trueClass !== row.predictedClass;
  // Shift extends the checked range, Ctrl/⌘ toggles one row; a plain click moves the cursor.
  const onMouseDown = (e: MouseEvent): void => {
    if (e.shiftKey || e.ctrlKey || e.metaKey) {
      e.preventDefault();
      onCheck(index, e.shiftKey ? 'range' : 'toggle');
    } else onSelect(index);
  };
  return (
    <div
      className={`arow${selected ? ' selected' : ''}${checked ? ' checked' : ''}${mismatch ? ' mismatch' : ''}`}
      role="row"
      aria-selected={selected}
      style={style}
      data-testid="alert-row"
      data-index={index}
      data-alert-id={row.id}
      data-signature-id={row.signatureId}
      data-status={row.status}
      onMouseDown={onMouseDown}
    >
      <span className="cell check-cell">
        <input
          type="checkbox"
          tabIndex={-1}
          readOnly
          checked={checked}
          aria-label={`select alert #${row.id}`}
          data-testid="alert-check"
          onMouseDown={(e) => e.stopPropagation()}
          onClick={(e) => onCheck(index, e.shiftKey ? 'range' : 'toggle')}
        />
      </span>
      <span
        className="cell mono"
        data-testid="alert-time"
        data-time-ms={row.timeMs ?? ''}
        title={`${row.time === null ? 'no timestamp' : `written as ${row.time}`}; alert #${row.id}, flow #${row.flowId}`}
      >
        {row.timeMs === null ? `#${row.flowId}` : formatEventTime(row.timeMs, withDate)}
      </span>
      <span className="cell ellipsis muted" data-testid="alert-source" title={source}>
        {source}
      </span>
      <span className="cell mono ellipsis" title={flow} data-testid="alert-flow">
        {flow}
      </span>
      <span className="cell">
        <ClassBadge name={row.predictedClass} testId="predicted-class" />
      </span>
      <span className="cell mono ellipsis sig col-sig" title={row.signatureText}>
        {row.signatureText}
      </span>
      <span className="cell">
        <ConfidenceCell c={row.confidence} />
      </span>
      <RecommendedCell rec={row.recommendation} catalogue={catalogue} />
      <RiskCell rec={row.recommendation} />
      <AdvisorCell rec={row.recommendation} catalogue={catalogue} />
      <span className="cell">
        <StatusPill status={row.status} />
      </span>
      <span className="cell">
        <ClassBadge name={row.trueClass} />
      </span>
    </div>
  );
});

function RecommendedCell({
  rec,
  catalogue,
}: {
  rec: RecommendationBrief | null;
  catalogue: Catalogue;
}) {
  if (!rec) {
    return (
      <span className="cell muted" data-testid="recommended" title={NO_POLICY_TITLE}>
        —
      </span>
    );
  }
  const a = actionAt(catalogue, rec.action);
  return (
    <span
      className="cell rec-cell"
      data-testid="recommended"
      data-action-id={a.id}
      title={`Policy recommends ${a.id} ${a.name}; policy preference π ${formatShare(rec.probability)} (not a confidence: see Risk)`}
    >
      <span className="mono aid">{a.id}</span>
      <span className="ellipsis rec-name">{a.name}</span>
      <span className="muted pi-label">π</span>
      <span className="mono num rec-prob" data-testid="recommended-prob">
        {formatShare(rec.probability)}
      </span>
    </span>
  );
}

/** Risk of the recommendation: P(action wrong), expected reward and the needs-review marker. */
function RiskCell({ rec }: { rec: RecommendationBrief | null }) {
  const risk = rec?.risk ?? null;
  if (!risk) {
    return (
      <span
        className="cell muted"
        data-testid="risk"
        title={rec ? 'Recommended before risk was recorded' : NO_POLICY_TITLE}
      >
        —
      </span>
    );
  }
  const title =
    `P wrong ${formatShare(risk.pWrong)}: posterior probability that this action is wrong for the flow’s true class; ` +
    `expected reward ${formatReward(risk.expectedReward)} (95%: ${formatReward(risk.rewardInterval[0])} … ${formatReward(risk.rewardInterval[1])})` +
    (risk.needsReview ? `\nNeeds review: ${risk.reasons.join('; ')}` : '');
  return (
    <span
      className={`cell risk-cell${risk.needsReview ? ' review' : ''}`}
      data-testid="risk"
      data-p-wrong={risk.pWrong}
      data-needs-review={risk.needsReview}
      title={title}
    >
      <span className="mono num" data-testid="risk-p-wrong">
        {formatShare(risk.pWrong)}
      </span>
      <span className="mono reward" data-testid="risk-reward">
        {formatReward(risk.expectedReward)}
      </span>
      {risk.needsReview && (
        <span className="review-flag" data-testid="needs-review" aria-label="needs review">
          ⚑
        </span>
      )}
    </span>
  );
}

function AdvisorCell({
  rec,
  catalogue,
}: {
  rec: RecommendationBrief | null;
  catalogue: Catalogue;
}) {
  if (!rec) {
    return (
      <span className="cell muted" data-testid="advisor" title={NO_POLICY_TITLE}>
        —
      </span>
    );
  }
  const a = actionAt(catalogue, rec.adviceAction);
  return (
    <span
      className="cell adv-cell"
      data-testid="advisor"
      title={`${rec.advisor === 'llm' ? 'LLM' : 'KG'} advisor suggests ${a.id} ${a.name}; historical reward ${formatReward(rec.adviceReward)}`}
    >
      <AdvisorBadge advisor={rec.advisor} />
      <span className="mono aid">{a.id}</span>
      <span className="mono reward">{formatReward(rec.adviceReward)}</span>
    </span>
  );
}
