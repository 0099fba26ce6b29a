import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cycles, folderEdges, sourceFiles } from '../../scripts/layers/folderCycles';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A throwaway tree: path → source text. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'rampart-cycles-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('folder-level import cycles', () => {
  it('finds a cycle that runs through a type-only import and an index file', () => {
    const root = tree({
      'a/x.ts': "import type { Y } from '../b';\nexport type X = Y;\n",
      'b/index.ts': "export * from './y';\n",
      'b/y.ts': "import { z } from '../c/z';\nexport type Y = typeof z;\n",
      'c/z.ts': "import type { X } from '../a/x';\nexport const z: X | 1 = 1;\n",
      'd/free.ts': "import { z } from '../c/z';\nexport const w = z;\n",
    });
    const found = cycles(folderEdges(sourceFiles(root), root));
    expect(found).toEqual([['a', 'b', 'c']]);
  });

  it('passes a layered tree and ignores packages and imports inside one folder', () => {
    const root = tree({
      'app/use.ts':
        "import { d } from '../domain/d';\nimport { h } from './helper';\nimport z from 'zod';\nexport const u = [d, h, z];\n",
      'app/helper.ts': 'export const h = 1;\n',
      'domain/d.ts': "import { r } from '../runtime/r';\nexport const d = r;\n",
      'runtime/r.ts': 'export const r = 1;\n',
    });
    const edges = folderEdges(sourceFiles(root), root);
    expect(cycles(edges)).toEqual([]);
    expect([...edges.keys()].sort()).toEqual(['app', 'domain']);
  });

  it('finds no cycle in src/main (the same check npm test runs)', () => {
    const root = resolve('src/main');
    expect(cycles(folderEdges(sourceFiles(root), root))).toEqual([]);
  });
});
