/**
 * Folder-level import cycles: every module's relative imports (type-only ones included, read with
 * TypeScript's own pre-processor) become edges between the folders that hold the two files. A
 * folder graph without cycles is what lets docs/architecture.md draw the layers as a stack.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const EXTENSIONS = ['.ts', '.tsx', '.d.ts', '/index.ts', '/index.tsx'];

/** Every .ts / .tsx file below `dir`. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}

/** The file a relative specifier names, or null (packages and unresolved paths). */
function resolveSpecifier(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = resolve(dirname(from), spec);
  for (const ext of ['', ...EXTENSIONS]) {
    const p = base + ext;
    if (existsSync(p) && statSync(p).isFile()) return p;
  }
  return null;
}

/**
 * Folder edges of `files`: Map<folder, Map<folder, example "a.ts → b.ts">>, folders relative to
 * `root`. `read` returns a file's text (injectable for tests).
 */
export type FolderEdges = Map<string, Map<string, string>>;

export function folderEdges(
  files: readonly string[],
  root: string,
  read: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): FolderEdges {
  const edges: FolderEdges = new Map();
  for (const file of files) {
    const info = ts.preProcessFile(read(file), true, true);
    const from = relative(root, dirname(file)) || '.';
    for (const ref of info.importedFiles) {
      const target = resolveSpecifier(file, ref.fileName);
      if (!target || !target.startsWith(root)) continue;
      const to = relative(root, dirname(target)) || '.';
      if (to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const out = edges.get(from)!;
      if (!out.has(to)) out.set(to, `${relative(root, file)} → ${relative(root, target)}`);
    }
  }
  return edges;
}

/** Strongly connected components with more than one folder (Tarjan), each sorted. */
export function cycles(edges: FolderEdges): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const found: string[][] = [];
  const nodes = new Set<string>([...edges.keys()]);
  for (const out of edges.values()) for (const t of out.keys()) nodes.add(t);
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of (edges.get(v) ?? new Map()).keys()) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) found.push(scc.sort());
    }
  };
  for (const v of [...nodes].sort()) if (!idx.has(v)) visit(v);
  return found;
}
