/**
 * `export.decisions`: the decisions (with what was recommended, taken and concluded) or the audit
 * log (all of it, or the rows the Audit screen's filter selects), as CSV or JSON, streamed to a
 * file under the data folder's exports/ so a long log never sits in memory. README.md's export
 * section documents every column.
 */
import { chmodSync, createWriteStream, mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { basename, join } from 'node:path';
import type { ExportResult, ValidArgs } from '../../../shared/contract';
import { csvLine } from '../../../shared/csv';
import type { DecisionExportRow } from '../../store/reports';
import type { Store } from '../../store/store';

/** CSV header of an export with no rows (the columns the queries return). */
const EMPTY_HEADER = {
  audit: 'id,at,actor,action,subject,automatic,detail',
  decisions:
    'decision_id,at,analyst,kind,overridden,disposition,alert_id,dataset_id,flow_time,src_ip,' +
    'src_port,dst_ip,dst_port,predicted_class,true_class,confidence,recommended_action_id,' +
    'decided_action_id,group,note,audit_id',
} as const;

/** The class a false positive turns out to be. */
const BENIGN = 'Benign';

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
  // The headless host serves only names of this form (transports/server/exportFile.ts).
  const scope = q.what === 'decisions' && q.datasetId !== undefined ? `-ds${q.datasetId}` : '';
  const path = join(dir, `${q.what}${scope}-${stamp}.${q.format}`);
  const rowsOf: Iterable<Record<string, unknown>> =
    q.what === 'audit'
      ? store.reports.exportAudit(q.audit)
      : mapRows(store.reports.exportDecisions(q.datasetId), (r) => decisionColumns(r, actionIds));
  const out = createWriteStream(path, { encoding: 'utf8', mode: 0o600 });
  const write = async (s: string): Promise<void> => {
    if (!out.write(s)) await once(out, 'drain');
  };
  let rows = 0;
  let columns: string[] | null = null;
  if (q.format === 'json') await write('[');
  for (const row of rowsOf) {
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

function* mapRows<T, U>(rows: Iterable<T>, f: (row: T) => U): Generator<U> {
  for (const r of rows) yield f(r);
}

/**
 * One decision as the export writes it, in column order: actions by ATT&CK id (the catalogue
 * indices are not meaningful outside this console), whether the analyst overrode the
 * recommendation, and the disposition in words.
 */
export function decisionColumns(
  r: DecisionExportRow,
  actionIds: readonly string[],
): Record<string, unknown> {
  return {
    decision_id: r.decision_id,
    at: r.at,
    analyst: r.analyst,
    kind: r.kind,
    overridden: r.kind === 'override',
    disposition: dispositionOf(r.predicted_class, r.true_class),
    alert_id: r.alert_id,
    dataset_id: r.dataset_id,
    flow_time: r.flow_time,
    src_ip: r.src_ip,
    src_port: r.src_port,
    dst_ip: r.dst_ip,
    dst_port: r.dst_port,
    predicted_class: r.predicted_class,
    true_class: r.true_class,
    confidence: r.confidence,
    recommended_action_id: r.recommended === null ? null : (actionIds[r.recommended] ?? null),
    decided_action_id: actionIds[r.action] ?? null,
    group: r.grp,
    note: r.note,
    audit_id: r.audit_id,
  };
}

/**
 * The analyst's true class against the predicted one: `true positive` (confirmed), `false
 * positive` (an attack alert that was benign), `true negative` (a Benign prediction confirmed),
 * `misclassified as <true class>`, or `unconfirmed` (an automatic approval names no true class).
 */
export function dispositionOf(predicted: string, trueClass: string | null): string {
  if (trueClass === null) return 'unconfirmed';
  if (trueClass === predicted) return predicted === BENIGN ? 'true negative' : 'true positive';
  if (trueClass === BENIGN) return 'false positive';
  return `misclassified as ${trueClass}`;
}
