/**
 * The "Export ▾" menu: on the Alerts toolbar, this dataset's decisions or the whole audit log; on
 * the Audit screen, the audit rows its filter shows; as CSV or JSON. The core writes the file;
 * the headless host also serves it, and the browser downloads it.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { AuditFilter, ExportResult } from '../../../shared/contract';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { EXPORT_CHOICES, exportArgs, wroteText, type ExportChoice } from './choices';
import { exportFileName, fetchExport, saveBlob } from './download';
import { useDismiss } from './useDismiss';

/** Props of {@link ExportMenu}. */
export interface ExportMenuProps {
  /** The shown dataset: decisions exports are limited to it (default: every dataset). */
  datasetId?: number;
  /** The shown audit filter: audit exports are limited to it (default: the whole log). */
  auditFilter?: AuditFilter;
  /** The entries (default {@link EXPORT_CHOICES}). */
  choices?: readonly ExportChoice[];
}

/** The menu button, its entries and the outcome of the last export. */
export function ExportMenu({ datasetId, auditFilter, choices = EXPORT_CHOICES }: ExportMenuProps) {
  const client = useClient();
  const [open, setOpen] = useState(false);
  const task = useTask<ExportResult, string>();
  const { busy, error } = task;
  const written = task.result ?? null;
  const root = useRef<HTMLSpanElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(root, open, close);

  useEffect(() => {
    if (open) menu.current?.querySelector<HTMLButtonElement>('[role="menuitem"]')?.focus();
  }, [open]);

  const run = (c: ExportChoice): void => {
    setOpen(false);
    void task.run(async () => {
      const r = await client.api['export.decisions'](exportArgs(c, { datasetId, auditFilter }));
      // Electron has no URL: the file is on this machine already, at the path shown.
      if (r.url) saveBlob(await fetchExport(r.url), exportFileName(r.url));
      return r;
    }, c.key);
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const items = [
      ...(menu.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []),
    ];
    const at = items.findIndex((el) => el === document.activeElement);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else if (e.key === 'Escape' || e.key === 'Tab') {
      setOpen(false);
      if (e.key === 'Escape') button.current?.focus();
    }
  };

  return (
    <div className="export-menu" data-testid="export-menu">
      <span className="menu-anchor" ref={root}>
        <button
          type="button"
          ref={button}
          aria-haspopup="menu"
          aria-expanded={open}
          disabled={busy !== null}
          data-testid="export-button"
          onClick={() => setOpen((o) => !o)}
        >
          {busy ? 'Exporting…' : 'Export ▾'}
        </button>
        {open && (
          <div className="menu" role="menu" aria-label="Export" ref={menu} onKeyDown={onMenuKey}>
            {choices.map((c) => (
              <button
                key={c.key}
                type="button"
                role="menuitem"
                data-testid="export-choice"
                data-choice={c.key}
                onClick={() => run(c)}
              >
                {c.label}
              </button>
            ))}
          </div>
        )}
      </span>
      {written && (
        <span
          className="ok ellipsis export-result"
          role="status"
          title={written.path}
          data-testid="export-result"
          data-rows={written.rows}
        >
          {wroteText(written)}
        </span>
      )}
      {error && (
        <span className="error" role="alert" data-testid="export-error">
          {error}
        </span>
      )}
    </div>
  );
}
