/**
 * The KG canvas stylesheet: shape and colour by node kind (labels read away from the edges: left
 * of signatures, inside types, right of actions), reward edges green or red by sign and as wide as
 * their cumulative reward, misclassification edges dashed in the warning colour; edge labels only
 * on the edges of the node under the pointer. Colours follow the console's palette (styles.css).
 */
import type { StylesheetJson } from 'cytoscape';

/** The palette (styles.css variables), as cytoscape needs literal colours. */
export const KG_COLOURS = {
  text: '#cdd6e0',
  muted: '#7d8a99',
  bg: '#0b0f14',
  type: '#4aa3ff',
  action: '#8957e5',
  signature: '#56687d',
  positive: '#2ea043',
  negative: '#f85149',
  warn: '#d29922',
  focus: '#f2d45c',
} as const;

/** The stylesheet; node size and edge width come from the element data (elements.ts). */
export const KG_STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      width: 'data(width)',
      height: 'data(height)',
      label: 'data(label)',
      color: KG_COLOURS.text,
      'font-size': 11,
      'text-valign': 'center',
      'text-outline-color': KG_COLOURS.bg,
      'text-outline-width': 2,
      'min-zoomed-font-size': 6,
      'border-width': 1,
      'border-color': KG_COLOURS.bg,
    },
  },
  {
    // The middle column: the class name inside its pill.
    selector: 'node.type',
    style: {
      shape: 'round-rectangle',
      'background-color': KG_COLOURS.type,
      color: KG_COLOURS.bg,
      'text-outline-width': 0,
      'text-halign': 'center',
      'font-size': 12,
      'font-weight': 'bold',
    },
  },
  {
    // The right column: the label reads to the right, away from the edges.
    selector: 'node.action',
    style: {
      shape: 'diamond',
      'background-color': KG_COLOURS.action,
      'text-halign': 'right',
      'text-margin-x': 6,
    },
  },
  {
    // The left column: the label reads to the left, away from the edges.
    selector: 'node.signature',
    style: {
      shape: 'ellipse',
      'background-color': KG_COLOURS.signature,
      'text-halign': 'left',
      'text-margin-x': -6,
    },
  },
  {
    selector: 'node.focus',
    style: { 'border-width': 3, 'border-color': KG_COLOURS.focus },
  },
  {
    selector: 'node.expanded',
    style: { 'border-width': 2, 'border-color': KG_COLOURS.text },
  },
  {
    selector: 'node:selected',
    style: { 'border-width': 3, 'border-color': KG_COLOURS.text },
  },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      'font-size': 10,
      color: KG_COLOURS.text,
      'text-background-color': KG_COLOURS.bg,
      'text-background-opacity': 0.85,
      'text-background-padding': '2px',
      'min-zoomed-font-size': 6,
      opacity: 0.55,
    },
  },
  {
    selector: 'edge.predicts',
    style: {
      'line-color': KG_COLOURS.muted,
      'target-arrow-color': KG_COLOURS.muted,
      opacity: 0.5,
    },
  },
  {
    selector: 'edge.reward.positive',
    style: { 'line-color': KG_COLOURS.positive, 'target-arrow-color': KG_COLOURS.positive },
  },
  {
    selector: 'edge.reward.negative',
    style: { 'line-color': KG_COLOURS.negative, 'target-arrow-color': KG_COLOURS.negative },
  },
  {
    // Type → type in the same column: arc out to the left of the pills instead of through them.
    selector: 'edge.misclassified',
    style: {
      'curve-style': 'unbundled-bezier',
      'control-point-distances': [90],
      'control-point-weights': [0.5],
      'line-color': KG_COLOURS.warn,
      'target-arrow-color': KG_COLOURS.warn,
      'line-style': 'dashed',
      'line-dash-pattern': [6, 4],
      color: KG_COLOURS.warn,
      opacity: 0.9,
    },
  },
  {
    // The edges of the node under the pointer: opaque, on top, labelled.
    selector: 'edge.hl',
    style: { label: 'data(label)', opacity: 1, 'z-index': 10 },
  },
  { selector: 'edge.dim', style: { opacity: 0.12 } },
];
