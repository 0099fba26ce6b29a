import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalogue, reward, type Catalogue } from '../../src/main/domain/catalogue/catalogue';
import type { Experience } from '../../src/main/domain/catalogue/types';
import { KgAdvisor, KnowledgeGraph, toKgJson } from '../../src/main/domain/kg';
import { Store } from '../../src/main/store/store';

const cat = loadCatalogue();

function exps(n: number, pred: string, truth: string, sig: number, action: number): Experience[] {
  const r = reward(cat, truth, action);
  return Array.from({ length: n }, (_x, i) => ({
    predictedClass: pred,
    trueClass: truth,
    signature: sig,
    confidence: 0.5 + i / (2 * n),
    action,
    reward: r,
  }));
}

function builtKg(): KnowledgeGraph {
  const kg = new KnowledgeGraph(cat);
  kg.update([...exps(30, 'Benign', 'DDoS', 3776, 0), ...exps(70, 'Benign', 'Benign', 3776, 0)]);
  kg.update([...exps(20, 'Web', 'Web', 8, 11), ...exps(3, 'Web', 'Infiltration', 8, 11)]);
  return kg;
}

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-kg-'));
  store = Store.open(join(dir, 'r.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('KG persistence', () => {
  it('round-trips a graph through SQLite, version and answers included', async () => {
    const kg = builtKg();
    const info = store.kgSnapshots.save(kg);
    expect(info).toMatchObject({
      version: 2,
      node_count: kg.graph.order,
      edge_count: kg.graph.size,
    });
    store.close();
    store = Store.open(join(dir, 'r.sqlite'));
    const back = store.kgSnapshots.loadLatest(cat);
    expect(back).toBeDefined();
    expect(back!.version).toBe(2);
    expect(toKgJson(back!)).toEqual(toKgJson(kg));
    expect(back!.query('Benign', 3776)).toEqual(kg.query('Benign', 3776));
    const q = {
      predictedClass: 'Web',
      signature: 8,
      signatureText: '',
      confidence: { mean: 1, lo: 1, hi: 1 },
    };
    expect(await new KgAdvisor(back!).advise(q)).toEqual(await new KgAdvisor(kg).advise(q));
    // The loaded graph keeps learning from where it was.
    expect(back!.update(exps(1, 'Web', 'Web', 8, 11))).toBe(3);
  });

  it('loads the latest snapshot, lists and prunes them', () => {
    expect(store.kgSnapshots.loadLatest(cat)).toBeUndefined();
    const kg = builtKg();
    const first = store.kgSnapshots.save(kg);
    kg.update(exps(5, 'DoS', 'DoS', 2, 1));
    const second = store.kgSnapshots.save(kg);
    expect(store.kgSnapshots.loadLatest(cat)?.version).toBe(3);
    expect(store.kgSnapshots.load(first.id, cat)?.version).toBe(2);
    expect(store.kgSnapshots.list().map((s) => s.id)).toEqual([second.id, first.id]);
    expect(store.kgSnapshots.prune(1)).toBe(1);
    expect(store.kgSnapshots.list().map((s) => s.version)).toEqual([3]);
  });

  it('refuses a snapshot whose actions the catalogue now orders differently', () => {
    store.kgSnapshots.save(builtKg());
    const [none, first, ...rest] = cat.actions;
    const swapped: Catalogue = { ...cat, actions: [none!, ...rest, first!] };
    expect(() => store.kgSnapshots.loadLatest(swapped)).toThrow(
      /action M0818 was index 11, but the catalogue has M1038/,
    );
  });

  it('refuses a corrupt snapshot with a message naming it', () => {
    const info = store.kgSnapshots.save(builtKg());
    const raw = new Database(join(dir, 'r.sqlite'));
    raw.prepare('UPDATE kg_snapshots SET graph = ? WHERE id = ?').run('{"format":"x"}', info.id);
    raw.close();
    expect(() => store.kgSnapshots.loadLatest(cat)).toThrow(
      new RegExp(`snapshot ${info.id} is not a valid Rampart KG export`),
    );
  });
});
