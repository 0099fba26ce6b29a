/** One row of the alerts table, or a placeholder while its page loads. */
import { memo } from 'react';
import type { AlertRow } from '../../../shared/contract';
import { ClassBadge } from '../components/ClassBadge';
import { flowText } from '../format';
import { ConfidenceCell } from './ConfidenceCell';

/** Props of {@link AlertRowView}. */
export interface AlertRowViewProps {
  index: number;
  row: AlertRow | undefined;
  top: number;
  selected: boolean;
  onSelect(index: number): void;
}

/** A positioned grid row; memoised so scrolling re-renders only rows whose data changed. */
export const AlertRowView = memo(function AlertRowView({
  index,
  row,
  top,
  selected,
  onSelect,
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
  return (
    <div
      className={`arow${selected ? ' selected' : ''}${mismatch ? ' mismatch' : ''}`}
      role="row"
      aria-selected={selected}
      style={style}
      data-testid="alert-row"
      data-index={index}
      data-alert-id={row.id}
      onMouseDown={() => onSelect(index)}
    >
      <span className="cell mono" title={`alert #${row.id}, flow #${row.flowId}`}>
        {row.time ?? `#${row.flowId}`}
      </span>
      <span className="cell mono ellipsis" title={flow}>
        {flow}
      </span>
      <span className="cell">
        <ClassBadge name={row.predictedClass} testId="predicted-class" />
      </span>
      <span className="cell mono ellipsis sig" title={row.signatureText}>
        {row.signatureText}
      </span>
      <span className="cell">
        <ConfidenceCell c={row.confidence} />
      </span>
      <span className="cell">
        <ClassBadge name={row.trueClass} />
      </span>
    </div>
  );
});
