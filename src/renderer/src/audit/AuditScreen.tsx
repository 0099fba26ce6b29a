/**
 * The Audit screen: whether the log's hash chain is intact (the Audit panel), its rows newest
 * first, filtered by analyst, action, time range, alert and group (`audit.list`), a page at a
 * time, and the filtered rows exported as CSV or JSON.
 */
import { useMemo, useState } from 'react';
import type { AuditRow } from '../../../shared/contract';
import { useCoreQuery } from '../api/useCore';
import { ExportMenu } from '../export/ExportMenu';
import { AUDIT_EXPORT_CHOICES } from '../export/choices';
import { AuditPanel } from './AuditPanel';
import {
  AUDIT_PAGE_SIZE,
  EMPTY_AUDIT_FORM,
  auditFilterOf,
  detailSummary,
  rangeText,
  type AuditForm,
} from './auditQuery';

/** The screen. */
export function AuditScreen() {
  const [form, setForm] = useState<AuditForm>(EMPTY_AUDIT_FORM);
  const [offset, setOffset] = useState(0);
  const filter = useMemo(() => auditFilterOf(form), [form]);
  const args = useMemo(() => ({ ...filter, offset, limit: AUDIT_PAGE_SIZE }), [filter, offset]);
  const list = useCoreQuery('audit.list', args, {
    refetchOn: ['alerts.changed', 'advisor.changed', 'incidents.changed', 'datasets.changed'],
    // Throttled, not debounced: a load or feed streaming alerts.changed must not starve it.
    throttleMs: 1000,
    keepPrevious: true,
  });
  const page = list.data;
  // A changed filter starts again at its first page.
  const set = (patch: Partial<AuditForm>): void => {
    setForm((f) => ({ ...f, ...patch }));
    setOffset(0);
  };

  return (
    <section className="screen audit-screen" data-testid="audit-screen">
      <AuditPanel />
      <div className="toolbar audit-filters">
        <h2>Audit log</h2>
        <label className="field">
          <span className="muted">Analyst</span>
          <select
            data-testid="audit-filter-actor"
            value={form.actor}
            onChange={(e) => set({ actor: e.target.value })}
          >
            <option value="">any</option>
            {withChosen(page?.actors, form.actor).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="muted">Action</span>
          <select
            data-testid="audit-filter-action"
            value={form.action}
            onChange={(e) => set({ action: e.target.value })}
          >
            <option value="">any</option>
            {withChosen(page?.actions, form.action).map((a) => (
              <option key={a} value={a}>
                {a}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="muted">From</span>
          <input
            type="datetime-local"
            data-testid="audit-filter-from"
            value={form.from}
            onChange={(e) => set({ from: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="muted">To</span>
          <input
            type="datetime-local"
            data-testid="audit-filter-to"
            value={form.to}
            onChange={(e) => set({ to: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="muted">Alert id</span>
          <input
            type="number"
            min={1}
            step={1}
            className="audit-alert-id"
            data-testid="audit-filter-alert"
            value={form.alertId}
            onChange={(e) => set({ alertId: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="muted">Group</span>
          <input
            type="text"
            placeholder="sig:12|10.0.0.1>192.168.1.5:80"
            data-testid="audit-filter-group"
            value={form.group}
            onChange={(e) => set({ group: e.target.value })}
          />
        </label>
        <button
          type="button"
          data-testid="audit-filter-clear"
          disabled={Object.values(form).every((v) => v === '')}
          onClick={() => set(EMPTY_AUDIT_FORM)}
        >
          Clear
        </button>
        <span className="spacer" />
        <ExportMenu auditFilter={filter} choices={AUDIT_EXPORT_CHOICES} />
      </div>
      {list.error && (
        <p className="error" role="alert" data-testid="audit-list-error">
          Could not read the audit log: {list.error}
        </p>
      )}
      {!page && !list.error && <p className="muted">reading the audit log…</p>}
      {page && (
        <>
          <AuditTable rows={page.rows} loading={list.loading} />
          <div className="audit-pager">
            <button
              type="button"
              data-testid="audit-prev"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - AUDIT_PAGE_SIZE))}
            >
              ← Newer
            </button>
            <span data-testid="audit-range" data-total={page.total}>
              {rangeText(offset, page.rows.length, page.total)}
            </span>
            <button
              type="button"
              data-testid="audit-next"
              disabled={offset + AUDIT_PAGE_SIZE >= page.total}
              onClick={() => setOffset(offset + AUDIT_PAGE_SIZE)}
            >
              Older →
            </button>
          </div>
        </>
      )}
    </section>
  );
}

/** The offered choices, keeping the chosen one while a fresh list loads. */
function withChosen(list: readonly string[] | undefined, chosen: string): readonly string[] {
  const all = list ?? [];
  return chosen === '' || all.includes(chosen) ? all : [chosen, ...all];
}

function AuditTable({ rows, loading }: { rows: readonly AuditRow[]; loading: boolean }) {
  return (
    <table className="dense audit-table" data-testid="audit-table" aria-busy={loading}>
      <thead>
        <tr>
          <th>#</th>
          <th>Time</th>
          <th>Analyst</th>
          <th>Action</th>
          <th>Subject</th>
          <th>Automatic</th>
          <th>Detail</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} data-testid="audit-row" data-id={r.id} data-actor={r.actor}>
            <td className="num">{r.id}</td>
            <td className="mono" title={r.at}>
              {new Date(r.at).toLocaleString()}
            </td>
            <td data-testid="audit-row-actor">{r.actor}</td>
            <td className="mono">{r.action}</td>
            <td className="mono">{r.subject ?? ''}</td>
            <td>{r.automatic ? 'yes' : ''}</td>
            <td
              className="audit-detail"
              title={r.detail === null ? undefined : JSON.stringify(r.detail, null, 2)}
            >
              {detailSummary(r)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
