/**
 * `export.decisions`: the decisions (with what was recommended) or the whole audit log, as CSV
 * or JSON, streamed to a file under the data folder's exports/ so a long log never sits in memory.
 */
import { chmodSync, createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import type { ExportResult, ValidArgs } from '../../../shared/contract';
import { csvLine } from '../../../shared/csv';
import type { Store } from '../../store/store';

/** CSV header of an export with no rows (the columns the queries return). */
const EMPTY_HEADER = {
  audit: 'id,at,actor,action,subject,automatic,detail',
  decisions:
    'decision_id,at,actor,kind,alert_id,dataset_id,flow_time,src_ip,src_port,dst_ip,dst_port,' +
    'predicted_class,confidence,recommended,action,true_class,note,audit_id,recommended_id,action_id',
} as const;

/** The exports folder under the data folder. */
export function exportsDir(dataDir: string): string {
  return join(dataDir, 'exports');
}

/** Write the export; returns where it went and how many rows it holds. */
export async function exportDecisions(
  store: Store,
  dataDir: string,
  q: ValidArgs<'export.decisions'>,
  host: 'electron' | 'headless',
  actionIds: readonly string[] = [],
): Promise<ExportResult> {
  const dir = exportsDir(dataDir);
  // Exports hold analysts' decisions and notes: private like the database.
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700); // one an older Rampart made 0755
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const scope = q.what === 'decisions' && q.datasetId !== undefined ? `-ds${q.datasetId}` : '';
  const path = join(dir, `${q.what}${scope}-${stamp}.${q.format}`);
  const rowsOf = store.reports.exportRows(q.what, q.what === 'decisions' ? q.datasetId : undefined);
  const out = createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  let rows = 0;
  let columns: string[] | null = null;
  if (q.format === 'json') await write('[');
  for (const raw of rowsOf) {
    const row = withActionIds(raw, actionIds);
    if (q.format === 'json') {
      if (q.what === 'audit' && typeof row['detail'] === 'string')
        row['detail'] = JSON.parse(row['detail']) as unknown;
      await write(`${rows === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
    } else {
      if (!columns) {
        columns = Object.keys(row);
        await write(`${csvLine(columns)}\n`);
      }
      // Notes, labels and audit details are analyst- or sender-controlled: neutralised cells.
      await write(`${csvLine(columns.map((c) => row[c]))}\n`);
    }
    rows++;
  }
  if (q.format === 'json') await write(rows === 0 ? ']\n' : '\n]\n');
  else if (!columns) await write(`${EMPTY_HEADER[q.what]}\n`);
  out.end();
  await once(out, 'finish');
  return {
    path,
    rows,
    url: host === 'headless' ? `/api/export-file?name=${encodeURIComponent(basename(path))}` : null,
  };
}

/** Decisions name actions by ATT&CK ID besides their catalogue index. */
function withActionIds(
  row: Record<string, unknown>,
  actionIds: readonly string[],
): Record<string, unknown> {
  if (!('action' in row) || !('recommended' in row)) return row;
  const id = (i: unknown) => (typeof i === 'number' ? (actionIds[i] ?? null) : null);
  return { ...row, recommended_id: id(row['recommended']), action_id: id(row['action']) };
}
