/**
 * The KG view: the neighbourhood of a signature, or an overview of the whole graph (types and
 * actions; a type's signatures when it is clicked), in layers on a cytoscape canvas, with a legend,
 * a summary line and the misclassification matrix beside it. Clicking a signature node filters the
 * queue by that signature, a type node by the predicted class (and expands its signatures); a
 * matrix cell opens the alerts of the signatures that made it.
 */
import { useCallback, useMemo, useState } from 'react';
import type { KgGraphView, KgViewNode } from '../../../shared/contract';
import { formatInt } from '../format';
import { viewCounts } from './elements';
import type { KgFilter } from './filter';
import { KgCanvas } from './KgCanvas';
import { KgMatrix } from './KgMatrix';
import { drawnView, type DrawnView } from './overview';
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
  /** A node was clicked: filter the alert queue. */
  onFilter(filter: KgFilter): void;
  /** A matrix cell was clicked: open the Alerts screen on it (omitted: filter the queue). */
  onOpenAlerts?(filter: KgFilter): void;
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
  onOpenAlerts,
  compact = false,
  maxNodes,
}: KgViewProps) {
  // The toggle belongs to one signature: a new selection opens on its neighbourhood.
  const [wholeFor, setWholeFor] = useState<number | null>(null);
  const whole = signatureId === null || wholeFor === signatureId;
  const [fitSignal, setFitSignal] = useState(0);
  // The type whose signatures the overview shows (a type click toggles it).
  const [expanded, setExpanded] = useState<string | null>(null);
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
      else if (n.kind === 'type') {
        onFilter({ kind: 'class', predictedClass: n.name, label: n.name });
        setExpanded((k) => (k === n.key ? null : n.key));
      }
    },
    [onFilter],
  );
  const drawn = useMemo(
    () => (view ? drawnView(view, whole, expanded) : null),
    [view, whole, expanded],
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
        {!compact && <Legend />}
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
      {view && drawn && (
        <KgBody
          view={view}
          drawn={drawn}
          focus={focus}
          fitSignal={fitSignal}
          onNodeTap={onNodeTap}
          compact={compact}
          onOpenAlerts={onOpenAlerts ?? onFilter}
        />
      )}
      {!view && !error && <p className="muted">loading the knowledge graph…</p>}
    </section>
  );
}

function KgBody({
  view,
  drawn,
  focus,
  fitSignal,
  onNodeTap,
  compact,
  onOpenAlerts,
}: {
  view: KgGraphView;
  drawn: DrawnView;
  focus: string | null;
  fitSignal: number;
  onNodeTap(n: KgViewNode): void;
  compact: boolean;
  onOpenAlerts(filter: KgFilter): void;
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
          view={drawn}
          expanded={drawn.expanded?.key ?? null}
          focus={focus}
          fitSignal={fitSignal}
          onNodeTap={onNodeTap}
          compact={compact}
        />
        <Summary view={view} drawn={drawn} />
      </div>
      {!compact && (
        <aside className="kg-side">
          <KgMatrix cells={view.matrix} onOpen={onOpenAlerts} />
        </aside>
      )}
    </div>
  );
}

function Summary({ view, drawn }: { view: KgGraphView; drawn: DrawnView }) {
  const c = viewCounts(view);
  const x = drawn.expanded;
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
      {x && (
        <span data-testid="kg-expanded" data-type={x.name} data-shown={x.shown}>
          {' '}
          · {x.name}: {x.shown < x.signatures ? `the ${x.shown} most seen of ` : ''}
          {formatInt(x.signatures)} signatures shown (click it again to fold)
        </span>
      )}{' '}
      · point at a node for its edges&apos; figures
      {view.truncated > 0 && (
        <span className="warn" data-testid="kg-truncated">
          {' '}
          · {formatInt(view.truncated)} least-seen nodes not shown
        </span>
      )}
    </p>
  );
}

/** One line in the toolbar; the titles say what a click does and what widths mean. */
function Legend() {
  return (
    <ul className="kg-legend small" data-testid="kg-legend">
      <li title="Signature (click: filter the queue by it)">
        <span className="kg-sw kg-sw-signature" /> signature
      </li>
      <li title="Predicted type (click: filter the queue by it and show its busiest signatures)">
        <span className="kg-sw kg-sw-type" /> predicted type
      </li>
      <li title="Mitigation action">
        <span className="kg-sw kg-sw-action" /> action
      </li>
      <li title="Reward edge, as wide as its cumulative reward; point at a node for the figures">
        <span className="kg-line kg-line-pos" /> reward
      </li>
      <li title="Negative cumulative reward">
        <span className="kg-line kg-line-neg" /> negative
      </li>
      <li title="Misclassified as: drawn in a neighbourhood; every one is in the matrix">
        <span className="kg-line kg-line-mis" /> misclassified
      </li>
    </ul>
  );
}
