/**
 * Change events between processes sharing a PostgreSQL database: each committed write sends what
 * it touched on one NOTIFY channel (inside its transaction, so only commits are heard), and every
 * `rampart serve` listens, so a decision taken through one server reaches the consoles of all of
 * them. The payload is compact (NOTIFY carries under 8,000 bytes): the tables, and each dataset's
 * written alert ids — or, past a few hundred, only that the dataset's alerts changed.
 */
import pg from 'pg';
import { ChangeSet, type Table } from './changes';

/** The channel every store on a database notifies and listens on. */
export const CHANGES_CHANNEL = 'rampart_changes';

/** Alert ids carried per notification at most; more and the listener refreshes the dataset. */
const MAX_IDS = 600;

/** What a notification says. */
export interface RemoteChanges {
  /** The store instance that wrote (Store.instance), so a process can skip its own writes. */
  from: string;
  changes: ChangeSet;
  /** Datasets whose alert ids were left out (too many): refresh them whole. */
  truncated: number[];
}

/** The NOTIFY payload for a committed ChangeSet. */
export function changesPayload(from: string, changes: ChangeSet): string {
  let budget = MAX_IDS;
  const alerts: [number, number[]][] = [];
  const truncated: number[] = [];
  for (const [datasetId, ids] of changes.alerts) {
    if (ids.length <= budget) {
      alerts.push([datasetId, ids]);
      budget -= ids.length;
    } else truncated.push(datasetId);
  }
  return JSON.stringify({ from, tables: [...changes.tables], alerts, truncated });
}

/** Read a payload back; null when it is not one of ours. */
export function parseChangesPayload(text: string): RemoteChanges | null {
  try {
    const p = JSON.parse(text) as {
      from?: unknown;
      tables?: unknown;
      alerts?: unknown;
      truncated?: unknown;
    };
    if (typeof p.from !== 'string' || !Array.isArray(p.tables) || !Array.isArray(p.alerts))
      return null;
    const changes = new ChangeSet();
    for (const t of p.tables) if (typeof t === 'string') changes.touch(t as Table);
    for (const entry of p.alerts as unknown[]) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'number' || !Array.isArray(entry[1]))
        continue;
      for (const id of entry[1] as unknown[])
        if (typeof id === 'number') changes.alert(entry[0], id);
    }
    const truncated = Array.isArray(p.truncated)
      ? (p.truncated as unknown[]).filter((x): x is number => typeof x === 'number')
      : [];
    return { from: p.from, changes, truncated };
  } catch {
    return null;
  }
}

/** A running LISTEN on a database. */
export interface ChangeListener {
  /** Whether the LISTEN connection is up now (it reconnects after a lost server). */
  connected(): boolean;
  close(): Promise<void>;
}

/**
 * LISTEN for other processes' writes on `url`, calling `onChanges` for each; `onGap` is called
 * after a reconnect (notifications sent while disconnected are lost, so listeners refresh).
 * Reconnects with a backoff until closed.
 */
export function listenForChanges(
  url: string,
  onChanges: (c: RemoteChanges) => void,
  onGap: () => void = () => {},
): ChangeListener {
  let client: pg.Client | null = null;
  let up = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let everUp = false;

  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new pg.Client({ connectionString: url, application_name: 'rampart-listen' });
    client = c;
    const retry = () => {
      up = false;
      if (closed || timer) return;
      void c.end().catch(() => {});
      timer = setTimeout(() => {
        timer = null;
        void connect();
      }, 500);
      timer.unref();
    };
    c.on('error', retry);
    c.on('end', retry);
    c.on('notification', (n) => {
      if (n.channel !== CHANGES_CHANNEL || !n.payload) return;
      const parsed = parseChangesPayload(n.payload);
      if (parsed) onChanges(parsed);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANGES_CHANNEL}`);
      up = true;
      if (everUp) onGap();
      everUp = true;
    } catch {
      retry();
    }
  };
  void connect();
  return {
    connected: () => up,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      up = false;
      await client?.end().catch(() => {});
    },
  };
}
