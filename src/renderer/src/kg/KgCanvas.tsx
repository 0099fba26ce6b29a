/**
 * The cytoscape canvas of a KG view. One cytoscape instance per mount; a new answer with the same
 * nodes only updates weights and labels in place (no re-layout, so feedback does not make the
 * graph jump), a different node set is laid out again with fcose.
 */
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { useEffect, useRef, useState } from 'react';
import type { KgGraphView, KgViewNode } from '../../../shared/contract';
import { toElements } from './elements';
import { KG_STYLE } from './style';

cytoscape.use(fcose);

/** Above this many nodes the layout is not animated and fcose skips its refinement passes. */
const LARGE_GRAPH = 150;
const HUGE_GRAPH = 600;

/** Props of {@link KgCanvas}. */
export interface KgCanvasProps {
  view: KgGraphView;
  /** Node key to highlight (the centred signature). */
  focus: string | null;
  /** Bump to zoom to fit. */
  fitSignal: number;
  onNodeTap(node: KgViewNode): void;
  compact?: boolean;
}

/** The canvas; `data-nodes` / `data-edges` say what is drawn, `data-layout` when it settled. */
export function KgCanvas({ view, focus, fitSignal, onNodeTap, compact }: KgCanvasProps) {
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
    setDrawn({ view, nodes: c.nodes().length, edges: c.edges().length, layout: 'running' });
    const layout = c.layout({
      name: 'fcose',
      quality: n > HUGE_GRAPH ? 'draft' : 'default',
      randomize: true,
      animate: n <= LARGE_GRAPH,
      animationDuration: 400,
      fit: true,
      padding: 30,
      nodeDimensionsIncludeLabels: false,
      nodeRepulsion: () => 6000,
      idealEdgeLength: () => (compact ? 60 : 80),
      numIter: n > LARGE_GRAPH ? 1000 : 2500,
    } as cytoscape.LayoutOptions);
    layout.one('layoutstop', () =>
      setDrawn((d) => (d?.view === view ? { ...d, layout: 'done' } : d)),
    );
    layout.run();
    return () => {
      layout.stop();
    };
  }, [view, compact]);

  useEffect(() => {
    const c = cy.current;
    if (!c) return;
    c.nodes('.focus').removeClass('focus');
    if (focus !== null) c.getElementById(focus).addClass('focus');
  }, [view, focus]);

  useEffect(() => {
    if (fitSignal > 0) cy.current?.fit(undefined, 30);
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

/** What the canvas holds, for the view it was drawn from. */
interface Drawn {
  view: KgGraphView;
  nodes: number;
  edges: number;
  layout: 'running' | 'done';
}

/** Whether the canvas already holds exactly the view's nodes. */
function sameNodes(c: Core, view: KgGraphView): boolean {
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
