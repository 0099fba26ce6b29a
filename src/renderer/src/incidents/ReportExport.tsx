/**
 * The incident report: "Export .md" saves the core's Markdown report as a file; "Print / PDF" shows
 * the same report as a print-styled page whose "Save as PDF" goes through the print dialog.
 */
import { useState } from 'react';
import { useClient } from '../api/context';
import { useTask } from '../api/useCore';
import { saveBlob } from '../export/download';
import { ReportPrintView } from './ReportPrintView';

/** The file name of an incident's report. */
export function reportFileName(incidentId: string): string {
  return `incident-${incidentId.replace(/[^\w.-]+/g, '_')}.md`;
}

/** The buttons, their outcome line and, once asked for, the print view. */
export function ReportExport({ datasetId, incidentId }: { datasetId: number; incidentId: string }) {
  const client = useClient();
  const task = useTask<string | null, 'md' | 'print'>();
  const { busy, error } = task;
  // The saved file's name (null after a print).
  const done = task.result ?? null;
  const [printed, setPrinted] = useState<string | null>(null);

  const run = (what: 'md' | 'print'): void => {
    void task.run(async () => {
      const { markdown } = await client.api['incidents.report']({ datasetId, incidentId });
      if (what === 'print') {
        setPrinted(markdown);
        return null;
      }
      const name = reportFileName(incidentId);
      saveBlob(new Blob([markdown], { type: 'text/markdown;charset=utf-8' }), name);
      return name;
    }, what);
  };

  return (
    <span className="inc-export">
      <button
        type="button"
        data-testid="incident-export"
        disabled={busy !== null}
        onClick={() => run('md')}
      >
        {busy === 'md' ? 'Exporting…' : 'Export report (.md)'}
      </button>
      <button
        type="button"
        data-testid="incident-print"
        disabled={busy !== null}
        title="The report as a printable page; save it as PDF from the print dialog"
        onClick={() => run('print')}
      >
        {busy === 'print' ? 'Preparing…' : 'Print / PDF…'}
      </button>
      {done && (
        <span className="ok small" data-testid="incident-export-result">
          Saved {done}
        </span>
      )}
      {error && (
        <span className="error small" data-testid="incident-export-error">
          {error}
        </span>
      )}
      {printed !== null && (
        <ReportPrintView
          incidentId={incidentId}
          markdown={printed}
          onClose={() => setPrinted(null)}
        />
      )}
    </span>
  );
}
