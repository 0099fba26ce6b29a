/** Writing the knowledge graph to a file, as JSON or GraphML. */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { KnowledgeGraph } from './graph';
import { toGraphML } from './graphml';
import { toKgJson } from './serialize';

/** The export formats. */
export type KgExportFormat = 'json' | 'graphml';

/** The format a file name implies (.graphml / .xml → GraphML, anything else → JSON). */
export function formatOfPath(path: string): KgExportFormat {
  const ext = extname(path).toLowerCase();
  return ext === '.graphml' || ext === '.xml' ? 'graphml' : 'json';
}

/** The graph as text in a format. */
export function kgToText(kg: KnowledgeGraph, format: KgExportFormat): string {
  return format === 'graphml' ? toGraphML(kg) : `${JSON.stringify(toKgJson(kg), null, 2)}\n`;
}

/** Write the graph to path (format from the extension unless given); returns nodes and edges written. */
export function exportKg(
  kg: KnowledgeGraph,
  path: string,
  format: KgExportFormat = formatOfPath(path),
): { format: KgExportFormat; nodes: number; edges: number } {
  writeFileSync(path, kgToText(kg, format), 'utf8');
  return { format, nodes: kg.graph.order, edges: kg.graph.size };
}
