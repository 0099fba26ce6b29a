/**
 * GraphML export, written by hand: graphology's GraphML package only parses. Scalar attributes
 * become typed <data>; per-class / per-action / per-signature maps become JSON strings, so
 * Gephi, yEd or Cytoscape desktop open the file and nothing is lost.
 */
import type { KnowledgeGraph } from './graph';
import type { KgEdge, KgNode } from './types';

type Scalar = string | number | boolean;
type KeyType = 'string' | 'int' | 'double' | 'boolean';
type Domain = 'graph' | 'node' | 'edge';

/** The graph as a GraphML document (UTF-8, directed), attributes declared with <key>. */
export function toGraphML(kg: KnowledgeGraph): string {
  const nodes: [string, Record<string, Scalar>][] = [];
  const edges: [string, string, string, Record<string, Scalar>][] = [];
  kg.graph.forEachNode((key, a) => nodes.push([key, flatten(a)]));
  kg.graph.forEachEdge((key, a, s, t) => edges.push([key, s, t, flatten(a)]));
  const graphData: Record<string, Scalar> = { version: kg.version };
  const keys = {
    graph: declare([graphData]),
    node: declare(nodes.map((n) => n[1])),
    edge: declare(edges.map((e) => e[3])),
  };
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" ' +
      'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns ' +
      'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  ];
  for (const domain of ['graph', 'node', 'edge'] as const)
    for (const [name, type] of keys[domain])
      out.push(
        `  <key id="${keyId(domain, name)}" for="${domain}" attr.name="${esc(name)}" ` +
          `attr.type="${type}"/>`,
      );
  out.push('  <graph id="rampart-kg" edgedefault="directed">');
  out.push(...dataLines('graph', graphData, '    '));
  for (const [key, attrs] of nodes) {
    out.push(`    <node id="${esc(key)}">`, ...dataLines('node', attrs, '      '), '    </node>');
  }
  for (const [key, s, t, attrs] of edges) {
    out.push(
      `    <edge id="${esc(key)}" source="${esc(s)}" target="${esc(t)}">`,
      ...dataLines('edge', attrs, '      '),
      '    </edge>',
    );
  }
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}

function flatten(a: KgNode | KgEdge): Record<string, Scalar> {
  const out: Record<string, Scalar> = {};
  for (const [k, v] of Object.entries(a) as [string, unknown][]) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else out[k] = JSON.stringify(v);
  }
  return out;
}

/** Attribute names of a domain with their GraphML type, sorted by name (stable output). */
function declare(items: readonly Record<string, Scalar>[]): [string, KeyType][] {
  const types = new Map<string, KeyType>();
  for (const item of items)
    for (const [k, v] of Object.entries(item)) types.set(k, widen(types.get(k), typeOf(v)));
  return [...types.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

function typeOf(v: Scalar): KeyType {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'boolean';
  return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
}

function widen(a: KeyType | undefined, b: KeyType): KeyType {
  if (a === undefined || a === b) return b;
  const numeric = (t: KeyType): boolean => t === 'int' || t === 'double';
  return numeric(a) && numeric(b) ? 'double' : 'string';
}

function dataLines(domain: Domain, attrs: Record<string, Scalar>, indent: string): string[] {
  return Object.keys(attrs)
    .sort()
    .map((k) => `${indent}<data key="${keyId(domain, k)}">${esc(String(attrs[k]))}</data>`);
}

function keyId(domain: Domain, name: string): string {
  return esc(`${domain[0]}_${name}`);
}

/** Escape text for XML content or a quoted attribute; drop characters XML 1.0 cannot hold. */
export function esc(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    const control = c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d;
    // Lone surrogates and U+FFFE/U+FFFF are not XML characters either.
    if (control || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff) continue;
    out += XML_ENTITIES[ch] ?? ch;
  }
  return out;
}

const XML_ENTITIES: Partial<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
