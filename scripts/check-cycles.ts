// Fails (exit 1) when any folder under src/main imports, directly or through other folders, a
// folder that imports it back. Part of `npm test`; the layer rules themselves are lint rules.
import { resolve } from 'node:path';
import { cycles, folderEdges, sourceFiles } from './layers/folderCycles';

const root = resolve(process.argv[2] ?? 'src/main');
const edges = folderEdges(sourceFiles(root), root);
const found = cycles(edges);
if (found.length === 0) {
  const n = [...edges.values()].reduce((s, m) => s + m.size, 0);
  console.log(`check-cycles: no folder-level import cycle in ${root} (${n} folder edges)`);
  process.exit(0);
}
for (const scc of found) {
  console.error(`check-cycles: folders in a cycle: ${scc.join(', ')}`);
  for (const a of scc)
    for (const [b, example] of edges.get(a) ?? [])
      if (scc.includes(b)) console.error(`  ${a} → ${b}   (${example})`);
}
process.exit(1);
