/**
 * The KG canvas stylesheet: shape and colour by node kind, reward edges green or red by sign and
 * as wide as their cumulative reward, misclassification edges dashed in the warning colour with
 * their rate / confidence label. Colours follow the console's palette (styles.css).
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

/** The stylesheet; node size, edge width and labels come from the element data (elements.ts). */
export const KG_STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      width: 'data(size)',
      height: 'data(size)',
      label: 'data(label)',
      color: KG_COLOURS.text,
      'font-size': 10,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-outline-color': KG_COLOURS.bg,
      'text-outline-width': 2,
      'min-zoomed-font-size': 7,
      'border-width': 1,
      'border-color': KG_COLOURS.bg,
    },
  },
  {
    selector: 'node.type',
    style: {
      shape: 'round-rectangle',
      'background-color': KG_COLOURS.type,
      'font-size': 12,
      'font-weight': 'bold',
    },
  },
  { selector: 'node.action', style: { shape: 'diamond', 'background-color': KG_COLOURS.action } },
  {
    selector: 'node.signature',
    style: { shape: 'ellipse', 'background-color': KG_COLOURS.signature, 'font-size': 9 },
  },
  {
    selector: 'node.focus',
    style: { 'border-width': 3, 'border-color': KG_COLOURS.focus },
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
      'arrow-scale': 0.8,
      label: 'data(label)',
      'font-size': 9,
      color: KG_COLOURS.text,
      'text-background-color': KG_COLOURS.bg,
      'text-background-opacity': 0.8,
      'text-background-padding': '2px',
      'text-rotation': 'autorotate',
      'min-zoomed-font-size': 7,
      opacity: 0.85,
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
    selector: 'edge.misclassified',
    style: {
      'line-color': KG_COLOURS.warn,
      'target-arrow-color': KG_COLOURS.warn,
      'line-style': 'dashed',
      'line-dash-pattern': [6, 4],
      color: KG_COLOURS.warn,
      'font-size': 10,
      'font-weight': 'bold',
      opacity: 1,
      'z-index': 10,
    },
  },
];
