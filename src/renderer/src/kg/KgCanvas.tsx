/**
 * The cytoscape canvas of a KG view. One cytoscape instance per mount; a new answer with the same
 * nodes only updates weights and labels in place (positions stay, so feedback does not make the
 * graph jump), a different node set is placed again by the layered layout (layout.ts) and fitted,
 * never zoomed in past {@link MAX_FIT_ZOOM} so a small neighbourhood does not blow up.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import type { KgGraphView, KgViewNode } from '../../../shared/contract';
import { toElements } from './elements';
import { KG_STYLE } from './style';

/** Fitting never zooms in further than this (labels are drawn for zoom 1). */
const MAX_FIT_ZOOM = 1.2;
const FIT_PADDING = 24;

/** Props of {@link KgCanvas}. */
export interface KgCanvasProps {
  /** What to draw (see overview.ts). */
  view: Pick<KgGraphView, 'nodes' | 'edges'>;
  /** Node key drawn as expanded (its signatures shown). */
  expanded?: string | null;
  /** Node key to highlight (the centred signature). */
  focus: string | null;
  /** Bump to zoom to fit. */
  fitSignal: number;
  onNodeTap(node: KgViewNode): void;
  compact?: boolean;
}

/** The canvas; `data-nodes` / `data-edges` say what is drawn, `data-layout` when it settled. */
export function KgCanvas({
  view,
  expanded = null,
  focus,
  fitSignal,
  onNodeTap,
  compact,
}: KgCanvasProps) {
  const host = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const nodesByKey = useRef(new Map<string, KgViewNode>());
  const onTap = useRef(onNodeTap);
  // Tagged with the view it describes, so a stale 'done' never shows for a newer view.
  const [drawn, setDrawn] = useState<Drawn | null>(null);

  useEffect(() => {
    onTap.current = onNodeTap;
  }, [onNodeTap]);

  useEffect(() => {
    if (!host.current) return;
    const c = cytoscape({
      container: host.current,
      style: KG_STYLE,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
    });
    c.on('tap', 'node', (e) => {
      const n = nodesByKey.current.get(e.target.id());
      if (n) onTap.current(n);
    });
    // The pointer's node: its edges labelled and on top, the others faded.
    c.on('mouseover', 'node', (e) => {
      const mine = (e.target as cytoscape.NodeSingular).connectedEdges();
      c.batch(() => {
        c.edges().not(mine).addClass('dim');
        mine.addClass('hl');
      });
    });
    c.on('mouseout', 'node', () => c.edges().removeClass('hl dim'));
    cy.current = c;
    return () => {
      cy.current = null;
      c.destroy();
    };
  }, []);

  useEffect(() => {
    const c = cy.current;
    if (!c) return;
    nodesByKey.current = new Map(view.nodes.map((n) => [n.key, n]));
    const elements = toElements(view);
    if (sameNodes(c, view)) {
      update(c, elements);
      setDrawn((d) => ({
        view,
        nodes: c.nodes().length,
        edges: c.edges().length,
        layout: d?.layout ?? 'done',
      }));
      return;
    }
    c.batch(() => {
      c.elements().remove();
      c.add(elements);
    });
    const n = view.nodes.length;
    if (n === 0) {
      setDrawn({ view, nodes: 0, edges: 0, layout: 'done' });
      return;
    }
    // Positions come with the elements (the layered layout); fitting is all that is left.
    fitCapped(c);
    setDrawn({ view, nodes: c.nodes().length, edges: c.edges().length, layout: 'done' });
  }, [view]);

  useEffect(() => {
    const c = cy.current;
    if (!c) return;
    c.nodes('.focus').removeClass('focus');
    if (focus !== null) c.getElementById(focus).addClass('focus');
    c.nodes('.expanded').removeClass('expanded');
    if (expanded !== null) c.getElementById(expanded).addClass('expanded');
  }, [view, focus, expanded]);

  useEffect(() => {
    const c = cy.current;
    if (fitSignal > 0 && c) fitCapped(c);
  }, [fitSignal]);

  const current = drawn?.view === view ? drawn : null;
  return (
    <div
      className={compact ? 'kg-canvas compact' : 'kg-canvas'}
      data-testid="kg-canvas"
      data-nodes={current?.nodes ?? 0}
      data-edges={current?.edges ?? 0}
      data-layout={current?.layout ?? 'pending'}
    >
      {/* cytoscape owns this element (it adds a class and its canvases): React never updates it. */}
      <div ref={host} className="kg-cy" data-testid="kg-cy" />
    </div>
  );
}

/** Fit everything in view, but never zoom in past {@link MAX_FIT_ZOOM}. */
function fitCapped(c: Core): void {
  c.fit(undefined, FIT_PADDING);
  if (c.zoom() > MAX_FIT_ZOOM) {
    c.zoom(MAX_FIT_ZOOM);
    c.center();
  }
}

/** What the canvas holds, for the view it was drawn from. */
interface Drawn {
  view: Pick<KgGraphView, 'nodes' | 'edges'>;
  nodes: number;
  edges: number;
  layout: 'running' | 'done';
}

/** Whether the canvas already holds exactly the view's nodes. */
function sameNodes(c: Core, view: Pick<KgGraphView, 'nodes'>): boolean {
  if (c.nodes().length !== view.nodes.length || view.nodes.length === 0) return false;
  return view.nodes.every((n) => c.getElementById(n.key).isNode());
}

/** Same nodes: refresh data and classes, swap edges that came or went; positions stay. */
function update(c: Core, elements: ElementDefinition[]): void {
  const edgeIds = new Set<string>();
  c.batch(() => {
    for (const el of elements) {
      const id = String(el.data.id);
      const existing = c.getElementById(id);
      if (el.group === 'edges') edgeIds.add(id);
      if (existing.nonempty()) {
        // Data and classes only: a node keeps the position it was drawn at.
        existing.data(el.data);
        existing.classes(el.classes ?? '');
      } else {
        c.add(el);
      }
    }
    c.edges().forEach((e) => {
      if (!edgeIds.has(e.id())) e.remove();
    });
  });
}
