/** The browser transport: fetch to `POST /api/<request>`, uploads, and the events WebSocket. */
import type { RampartApi } from '../../../shared/contract';
import { REQUEST_NAMES, type ApiReply, type RequestName } from '../../../shared/names';
import { ListenerRegistry } from './listeners';
import { openEventSocket } from './socket';
import { forgetToken } from './token';
import type { RampartClient } from './types';

/** A failed request, with the host's error code and HTTP status. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call(token: string, name: RequestName, args: unknown): Promise<unknown> {
  const res = await fetch(`/api/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify(args ?? {}),
  });
  if (res.status === 401) {
    forgetToken();
    throw new ApiError(
      'The host refused the access token (was it restarted?). Open the new address printed by `rampart serve`.',
      'unauthorized',
      401,
    );
  }
  let body: ApiReply;
  try {
    body = (await res.json()) as ApiReply;
  } catch {
    throw new ApiError(`${name}: HTTP ${res.status}`, 'http', res.status);
  }
  if (!body.ok) throw new ApiError(body.error, body.code, res.status);
  return body.result;
}

/** Upload one file with XHR, which (unlike fetch) reports upload progress. Resolves to the saved path. */
function uploadFile(
  token: string,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Content-Type', 'text/csv');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as ApiReply | null;
      if (body?.ok) resolve((body.result as { path: string }).path);
      else
        reject(
          new ApiError(
            body && !body.ok ? body.error : `upload: HTTP ${xhr.status}`,
            'upload',
            xhr.status,
          ),
        );
    };
    xhr.onerror = () => reject(new ApiError(`upload of ${file.name} failed`, 'upload', 0));
    xhr.send(file);
  });
}

/** Build the client for a page served by the headless host. */
export function createHttpClient(token: string): RampartClient {
  const api = Object.fromEntries(
    REQUEST_NAMES.map((name) => [name, (args: unknown) => call(token, name, args)]),
  ) as unknown as RampartApi;
  const registry = new ListenerRegistry();
  const wsUrl = `ws://${window.location.host}/events?token=${encodeURIComponent(token)}`;
  const connection = openEventSocket(wsUrl, registry);
  return {
    kind: 'http',
    api,
    subscribe: registry.subscribe,
    connection,
    async pathsFor(files, onStatus) {
      const paths: string[] = [];
      for (const [i, file] of files.entries()) {
        const label = `Uploading ${file.name} (${i + 1}/${files.length})`;
        onStatus?.(label);
        paths.push(
          await uploadFile(token, file, (f) => onStatus?.(`${label}: ${Math.round(f * 100)}%`)),
        );
      }
      return paths;
    },
  };
}
