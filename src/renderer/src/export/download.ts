/**
 * Fetching an export file from the headless host and handing it to the browser as a download.
 * The host serves exports only on `POST` with the bearer token (a plain link cannot carry the
 * header), so the file is fetched here, turned into a Blob and saved through an `<a download>`.
 */
import { takeToken } from '../api/token';

/** How long an object URL is kept after the click, so the browser can start reading it. */
const REVOKE_AFTER_MS = 60_000;

/** The file name in an export URL (`/api/export-file?name=<file>`), or a fallback. */
export function exportFileName(url: string): string {
  const name = new URL(url, 'http://host.invalid').searchParams.get('name');
  return name && name.length > 0 ? name : 'rampart-export';
}

/** The host's error text in a JSON reply, else the HTTP status. */
async function failureText(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { error?: unknown };
    if (typeof body.error === 'string') return body.error;
  } catch {
    // Not JSON: fall through to the status.
  }
  return `HTTP ${res.status}`;
}

/** POST the export URL with the token the HTTP client uses; resolves to the file's contents. */
export async function fetchExport(url: string): Promise<Blob> {
  const token = takeToken();
  if (!token)
    throw new Error('No access token in this tab: open the address `rampart serve` printed.');
  const res = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  if (res.status === 401) throw new Error('The host refused the access token (was it restarted?).');
  if (!res.ok) throw new Error(`Download failed: ${await failureText(res)}`);
  return res.blob();
}

/** Save a Blob under `name` via a temporary `<a download>` on an object URL. */
export function saveBlob(blob: Blob, name: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(href), REVOKE_AFTER_MS);
}
