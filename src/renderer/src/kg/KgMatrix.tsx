/**
 * The misclassification matrix beside the KG canvas: predicted class (rows) × true class
 * (columns), each cell with its episode count, its rate (share of the predicted class's labelled
 * episodes) and the detector's confidence B behind it. A click on a cell opens the alerts of the
 * signatures that made it.
 */
import { useMemo } from 'react';
import type { KgMatrixCell } from '../../../shared/contract';
import { formatInt } from '../format';
import type { KgFilter } from './filter';
import { cellFilter, cellHeat, cellLabel, confidenceText, matrixGrid, rateText } from './matrix';

/** Props of {@link KgMatrix}. */
export interface KgMatrixProps {
  cells: readonly KgMatrixCell[];
  /** A cell was clicked: show the alerts of its signatures. */
  onOpen(filter: KgFilter): void;
}

/** The table; `kg-matrix` carries `data-cells` (non-empty cells). */
export function KgMatrix({ cells, onOpen }: KgMatrixProps) {
  const grid = useMemo(() => matrixGrid(cells), [cells]);
  return (
    <section className="kg-matrix" data-testid="kg-matrix" data-cells={cells.length}>
      <h4>Misclassification matrix</h4>
      <p
        className="muted small"
        data-testid="kg-matrix-unit"
        title="Episodes: each time a flow was decided, in training passes or by an analyst, not distinct flows"
      >
        Per cell: episodes, share of the row&apos;s labelled episodes, confidence B. Click: the
        alerts of its signatures.
      </p>
      {cells.length === 0 ? (
        <p className="muted small">No labelled episodes yet.</p>
      ) : (
        <table className="kg-matrix-table">
          <thead>
            <tr>
              <th className="kg-matrix-corner small muted" scope="col">
                predicted ↓ / true →
              </th>
              {grid.classes.map((a) => (
                <th key={a} scope="col" className="kg-matrix-col" title={`true class ${a}`}>
                  {a}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.classes.map((p) => (
              <tr key={p}>
                <th scope="row" className="kg-matrix-row" title={`predicted ${p}`}>
                  {p}
                </th>
                {grid.classes.map((a) => (
                  <td key={a}>
                    <MatrixCell cell={grid.cell(p, a)} onOpen={onOpen} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function MatrixCell({
  cell,
  onOpen,
}: {
  cell: KgMatrixCell | undefined;
  onOpen(f: KgFilter): void;
}) {
  if (!cell) return <span className="kg-matrix-empty">·</span>;
  const filter = cellFilter(cell);
  const diagonal = cell.predicted === cell.actual;
  const heat = cellHeat(cell);
  const title =
    `${cellLabel(cell)}: ${formatInt(cell.count)} of ${formatInt(cell.labelled)} labelled ` +
    `episodes, ${confidenceText(cell.confidence)}, ${formatInt(cell.signatures)} signatures` +
    (filter ? ' (click: their alerts)' : ' (none the store knows)');
  return (
    <button
      type="button"
      className={diagonal ? 'kg-cell diagonal' : 'kg-cell'}
      style={diagonal ? undefined : { backgroundColor: `rgba(210, 153, 34, ${0.08 + 0.5 * heat})` }}
      data-testid="kg-matrix-cell"
      data-predicted={cell.predicted}
      data-actual={cell.actual}
      data-count={cell.count}
      data-rate={cell.rate}
      data-signature-ids={cell.signatureIds.join(',')}
      title={title}
      aria-label={title}
      disabled={!filter}
      onClick={() => filter && onOpen(filter)}
    >
      <span className="kg-cell-count mono">{formatInt(cell.count)}</span>
      <span className="kg-cell-rate mono">{rateText(cell.rate)}</span>
      <span className="kg-cell-b mono muted">{confidenceText(cell.confidence)}</span>
    </button>
  );
}
