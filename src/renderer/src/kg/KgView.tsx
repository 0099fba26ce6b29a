/**
 * The KG view: the neighbourhood of a signature (or the whole graph) on a cytoscape canvas, with
 * a legend, a summary line and the misclassification edges as a clickable list beside it, since
 * what the canvas draws is not in the DOM. Clicking a signature node filters the queue by that
 * signature, a type node or a misclassification row by the predicted class.
 */
import { useCallback, useMemo, useState } from 'react';
import type { KgGraphView, KgViewNode } from '../../../shared/contract';
import { formatInt } from '../format';
import { misclassRows, viewCounts } from './elements';
import type { KgFilter } from './filter';
import { KgCanvas } from './KgCanvas';
import { useKgGraph } from './useKgGraph';
import './kg.css';

/** Props of {@link KgView}. */
export interface KgViewProps {
  /** The dataset shown: its alerts.changed events refetch the graph; null: any dataset's. */
  datasetId: number | null;
  /** Detector of the whole graph; omitted or null: the signature's, else the newest. */
  detectorId?: number | null;
  /** Signature (store id) to centre on; null: the whole graph. */
  signatureId: number | null;
  /** A node or list row was clicked: filter the alert queue. */
  onFilter(filter: KgFilter): void;
  /** Small variant (the alert detail): shorter canvas, no side list. */
  compact?: boolean;
  /** Node cap of the whole graph (the core's default when omitted). */
  maxNodes?: number;
}

/** The panel; `kg-view` carries `data-mode` (neighbourhood / whole) and `data-signature-id`. */
export function KgView({
  datasetId,
  detectorId,
  signatureId,
  onFilter,
  compact = false,
  maxNodes,
}: KgViewProps) {
  // The toggle belongs to one signature: a new selection opens on its neighbourhood.
  const [wholeFor, setWholeFor] = useState<number | null>(null);
  const whole = signatureId === null || wholeFor === signatureId;
  const [fitSignal, setFitSignal] = useState(0);
  const { view, error, loading } = useKgGraph({
    datasetId,
    detectorId,
    signatureId: whole ? null : signatureId,
    maxNodes,
  });
  const focus = useMemo(
    () =>
      view?.nodes.find((n) => n.signatureId !== null && n.signatureId === signatureId)?.key ?? null,
    [view, signatureId],
  );

  const onNodeTap = useCallback(
    (n: KgViewNode) => {
      if (n.kind === 'signature' && n.signatureId !== null)
        onFilter({ kind: 'signature', signatureId: n.signatureId, label: n.label });
      else if (n.kind === 'type')
        onFilter({ kind: 'class', predictedClass: n.name, label: n.name });
    },
    [onFilter],
  );

  return (
    <section
      className={compact ? 'kg-view compact' : 'kg-view'}
      data-testid="kg-view"
      data-mode={whole ? 'whole' : 'neighbourhood'}
      data-signature-id={signatureId ?? ''}
      aria-busy={loading}
    >
      <div className="kg-toolbar">
        <h3>{whole ? 'Knowledge graph' : `Neighbourhood of signature #${signatureId}`}</h3>
        <span className="spacer" />
        <label className="check" title={signatureId === null ? 'No alert selected' : undefined}>
          <input
            type="checkbox"
            data-testid="kg-whole-toggle"
            checked={whole}
            disabled={signatureId === null}
            onChange={(e) => setWholeFor(e.target.checked ? signatureId : null)}
          />{' '}
          Whole graph
        </label>
        <button type="button" data-testid="kg-fit" onClick={() => setFitSignal((s) => s + 1)}>
          Zoom to fit
        </button>
      </div>
      {error && (
        <p className="error" data-testid="kg-error">
          {error}
        </p>
      )}
      {view && (
        <KgBody
          view={view}
          focus={focus}
          fitSignal={fitSignal}
          onNodeTap={onNodeTap}
          compact={compact}
          onFilter={onFilter}
        />
      )}
      {!view && !error && <p className="muted">loading the knowledge graph…</p>}
    </section>
  );
}

function KgBody({
  view,
  focus,
  fitSignal,
  onNodeTap,
  compact,
  onFilter,
}: {
  view: KgGraphView;
  focus: string | null;
  fitSignal: number;
  onNodeTap(n: KgViewNode): void;
  compact: boolean;
  onFilter(filter: KgFilter): void;
}) {
  if (view.detectorId === null || view.version === null)
    return (
      <p className="muted" data-testid="kg-empty">
        No knowledge graph yet: it is built when a labelled dataset has trained a policy.
      </p>
    );
  return (
    <div className="kg-body">
      <div className="kg-main">
        <KgCanvas
          view={view}
          focus={focus}
          fitSignal={fitSignal}
          onNodeTap={onNodeTap}
          compact={compact}
        />
        <Summary view={view} />
      </div>
      {!compact && (
        <aside className="kg-side">
          <Legend />
          <MisclassList view={view} onFilter={onFilter} />
        </aside>
      )}
    </div>
  );
}

function Summary({ view }: { view: KgGraphView }) {
  const c = viewCounts(view);
  return (
    <p
      className="kg-summary muted small"
      data-testid="kg-summary"
      data-nodes={view.nodes.length}
      data-edges={view.edges.length}
      data-misclassified={c.misclassified}
      data-truncated={view.truncated}
      data-version={view.version ?? ''}
    >
      KG v{view.version} · detector #{view.detectorId} · {c.type} types, {c.action} actions,{' '}
      {formatInt(c.signature)} signatures · {c.reward} reward, {formatInt(c.predicts)} predicts,{' '}
      {c.misclassified} misclassification edges
      {view.truncated > 0 && (
        <span className="warn" data-testid="kg-truncated">
          {' '}
          · {formatInt(view.truncated)} least-seen nodes not shown
        </span>
      )}
    </p>
  );
}

function Legend() {
  return (
    <ul className="kg-legend small" data-testid="kg-legend">
      <li>
        <span className="kg-sw kg-sw-type" /> traffic type (click: filter by class)
      </li>
      <li>
        <span className="kg-sw kg-sw-action" /> mitigation action
      </li>
      <li>
        <span className="kg-sw kg-sw-signature" /> signature (click: filter by signature)
      </li>
      <li>
        <span className="kg-line kg-line-pos" /> reward edge, width = |cumulative reward|
      </li>
      <li>
        <span className="kg-line kg-line-neg" /> negative cumulative reward
      </li>
      <li>
        <span className="kg-line kg-line-mis" /> misclassified as (rate, confidence B)
      </li>
    </ul>
  );
}

function MisclassList({ view, onFilter }: { view: KgGraphView; onFilter(f: KgFilter): void }) {
  const rows = useMemo(() => misclassRows(view), [view]);
  return (
    <section className="kg-misclass" data-testid="kg-misclass-list" data-count={rows.length}>
      <h4>Misclassifications</h4>
      <p className="muted small" data-testid="kg-misclass-unit">
        Counted in episodes — each time a flow was decided, in training passes or by an analyst —
        not distinct flows: training revisits the same flows.
      </p>
      {rows.length === 0 && <p className="muted small">None recorded in this view.</p>}
      <ul>
        {rows.map((r) => (
          <li key={r.key}>
            <button
              type="button"
              className="kg-misclass-row"
              data-testid="kg-misclass-row"
              data-predicted={r.predicted}
              data-actual={r.actual}
              data-rate={r.rate}
              title={`Show the alerts predicted ${r.predicted}`}
              onClick={() =>
                onFilter({ kind: 'class', predictedClass: r.predicted, label: r.predicted })
              }
            >
              <span className="kg-pair">
                {r.predicted} <span className="muted">→ really</span> {r.actual}
              </span>
              <span className="mono kg-rate" data-testid="kg-misclass-label">
                {r.label}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
