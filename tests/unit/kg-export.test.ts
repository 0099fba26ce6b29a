import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalogue, reward } from '../../src/main/domain/catalogue/catalogue';
import type { Experience } from '../../src/main/domain/catalogue/types';
import {
  KnowledgeGraph,
  exportKg,
  fromKgJson,
  toGraphML,
  toKgJson,
} from '../../src/main/domain/kg';

const cat = loadCatalogue();
const ODD = 'Web "XSS" & <script>\u0001';

function exp(pred: string, truth: string | null, sig: number, action: number): Experience {
  const r = truth && cat.ranked[truth] ? reward(cat, truth, action) : -5;
  return {
    predictedClass: pred,
    trueClass: truth,
    signature: sig,
    confidence: 0.75,
    action,
    reward: r,
  };
}

function sample(): KnowledgeGraph {
  const kg = new KnowledgeGraph(cat);
  kg.update([
    exp('Benign', 'Benign', 1, 0),
    exp('Benign', 'DDoS', 1, 0),
    exp('DDoS', 'DDoS', 2, 1),
    exp(ODD, 'Web', 3, 11),
    exp('Web', ODD, 4, 11),
    exp('PortScan', null, 5, 2),
  ]);
  return kg;
}

interface El {
  name: string;
  attrs: Record<string, string>;
  text: string;
  children: El[];
}

const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescape(s: string): string {
  if (/&(?!(amp|lt|gt|quot|apos);)/.test(s) || s.includes('<')) throw new Error(`bad text ${s}`);
  return s.replace(/&(amp|lt|gt|quot|apos);/g, (_m, e: string) => ENTITY[e] ?? '');
}

/** A strict little XML reader: balanced tags, quoted attributes, only the five entities. */
function parseXml(xml: string): El {
  const root: El = { name: '#doc', attrs: {}, text: '', children: [] };
  const stack: El[] = [root];
  const re = /<([^>]*)>|([^<]+)/g;
  for (const m of xml.matchAll(re)) {
    const top = stack[stack.length - 1]!;
    if (m[2] !== undefined) {
      top.text += unescape(m[2]);
      continue;
    }
    const tag = m[1]!;
    if (tag.startsWith('?')) continue;
    if (tag.startsWith('/')) {
      if (stack.pop()?.name !== tag.slice(1)) throw new Error(`unbalanced </${tag.slice(1)}>`);
      continue;
    }
    const t = /^([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+="[^"<]*")*)\s*(\/?)$/.exec(tag);
    if (!t) throw new Error(`malformed tag <${tag}>`);
    const el: El = { name: t[1]!, attrs: {}, text: '', children: [] };
    for (const a of t[2]!.matchAll(/([\w.:-]+)="([^"]*)"/g)) el.attrs[a[1]!] = unescape(a[2]!);
    top.children.push(el);
    if (t[3] !== '/') stack.push(el);
  }
  if (stack.length !== 1) throw new Error('unclosed elements');
  return root;
}

describe('KG export', () => {
  it('exports JSON nodes and edges with attributes, and imports it back', () => {
    const kg = sample();
    const json = toKgJson(kg);
    expect(json).toMatchObject({ format: 'rampart-kg', formatVersion: 1, version: 1 });
    expect(json.nodeCount).toBe(kg.counts().nodes);
    expect(json.edgeCount).toBe(kg.counts().edges);
    expect(json.nodes.find((n) => n.key === 'sig:1')?.attributes).toEqual({
      kind: 'signature',
      label: 'signature 1',
      signature: 1,
    });
    expect(json.edges.find((e) => e.key === 'type:Benign->type:DDoS')).toMatchObject({
      source: 'type:Benign',
      target: 'type:DDoS',
      attributes: { kind: 'misclassified', count: 1, rate: 0.5 },
    });
    const text = JSON.stringify(json);
    const back = fromKgJson(JSON.parse(text) as unknown, cat);
    expect(toKgJson(back)).toEqual(json);
    // The export is a copy: later updates leave it alone.
    kg.update([exp('Benign', 'Benign', 1, 0)]);
    expect(json.nodes.find((n) => n.key === 'type:Benign')?.attributes).toMatchObject({
      predicted: 2,
    });
  });

  it('rejects malformed JSON with the path of the problem', () => {
    const bad = JSON.parse(JSON.stringify(toKgJson(sample()))) as {
      edges: { attributes: { kind: string } }[];
    };
    bad.edges[0]!.attributes.kind = 'nonsense';
    expect(() => fromKgJson(bad, cat)).toThrow(/edges\.0\.attributes/);
  });

  it('writes valid GraphML with a <key> per attribute and escaped text', () => {
    const kg = sample();
    const xml = toGraphML(kg);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<graphml')).toBe(true);
    const graphml = parseXml(xml).children[0]!;
    expect(graphml.name).toBe('graphml');
    const keys = graphml.children.filter((c) => c.name === 'key');
    const declared = new Map(keys.map((k) => [k.attrs.id, k.attrs]));
    const graph = graphml.children.find((c) => c.name === 'graph')!;
    expect(graph.attrs.edgedefault).toBe('directed');
    const nodes = graph.children.filter((c) => c.name === 'node');
    const edges = graph.children.filter((c) => c.name === 'edge');
    expect(nodes).toHaveLength(kg.graph.order);
    expect(edges).toHaveLength(kg.graph.size);
    const ids = new Set(nodes.map((n) => n.attrs.id));
    for (const e of edges) {
      expect(ids.has(e.attrs.source)).toBe(true);
      expect(ids.has(e.attrs.target)).toBe(true);
    }
    for (const [el, domain] of [
      ...nodes.map((n) => [n, 'node'] as const),
      ...edges.map((e) => [e, 'edge'] as const),
    ])
      for (const d of el.children) expect(declared.get(d.attrs.key)?.for).toBe(domain);
    const odd = nodes.find((n) => n.attrs.id === `type:${ODD.slice(0, -1)}`);
    expect(odd).toBeDefined();
    const label = odd!.children.find((d) => declared.get(d.attrs.key)?.['attr.name'] === 'label');
    expect(label?.text).toBe(ODD.slice(0, -1)); // the control character is dropped
    const weight = keys.find((k) => k.attrs.for === 'edge' && k.attrs['attr.name'] === 'weight');
    expect(weight?.attrs['attr.type']).toBe('double');
    const version = graph.children.find((c) => c.name === 'data');
    expect(version?.text).toBe('1');
  });

  it('writes files by extension and reports what it wrote', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rampart-kg-export-'));
    try {
      const kg = sample();
      const g = exportKg(kg, join(dir, 'kg.graphml'));
      expect(g).toEqual({ format: 'graphml', nodes: kg.graph.order, edges: kg.graph.size });
      expect(() => parseXml(readFileSync(join(dir, 'kg.graphml'), 'utf8'))).not.toThrow();
      expect(exportKg(kg, join(dir, 'kg.json')).format).toBe('json');
      const json = JSON.parse(readFileSync(join(dir, 'kg.json'), 'utf8')) as unknown;
      expect(toKgJson(fromKgJson(json, cat))).toEqual(toKgJson(kg));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
