/** "Export report": the core writes the incident's Markdown report; it is saved as a .md file. */
import { useState } from 'react';
import { useClient } from '../api/context';
import { saveBlob } from '../export/download';
import { errorText } from '../format';

/** The file name of an incident's report. */
export function reportFileName(incidentId: string): string {
  return `incident-${incidentId.replace(/[^\w.-]+/g, '_')}.md`;
}

/** The button and its outcome line. */
export function ReportExport({ datasetId, incidentId }: { datasetId: number; incidentId: string }) {
  const client = useClient();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (): Promise<void> => {
    setBusy(true);
    setDone(null);
    setError(null);
    try {
      const { markdown } = await client.api['incidents.report']({ datasetId, incidentId });
      const name = reportFileName(incidentId);
      saveBlob(new Blob([markdown], { type: 'text/markdown;charset=utf-8' }), name);
      setDone(name);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="inc-export">
      <button
        type="button"
        data-testid="incident-export"
        disabled={busy}
        onClick={() => void run()}
      >
        {busy ? 'Exporting…' : 'Export report (.md)'}
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
    </span>
  );
}
