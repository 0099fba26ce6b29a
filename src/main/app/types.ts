/** What every transport (Electron IPC, headless HTTP + WebSocket) needs from the core. */
import type { EventHub, Handlers } from './hub/dispatch';
import type { PolicyTrainingConfig } from './decisions/policyTrainer';

/** The running core: request handlers, the event hub and a clean shutdown. */
export interface AppService {
  readonly handlers: Handlers;
  readonly events: EventHub;
  /** The SQLite database file in use, or the PostgreSQL URL (password masked). */
  readonly dbPath: string;
  /** This machine's folder for models, exports and the connector file. */
  readonly dataDir: string;
  /** The database's health and the stream intake's lag, for `GET /api/health`. */
  health(): ServiceHealth;
  /** Cancel running jobs and close the database. */
  close(): Promise<void>;
}

/** What `GET /api/health` answers. */
export interface ServiceHealth {
  /** The engine and database (password masked). */
  engine: 'sqlite' | 'postgres';
  database: string;
  /** Whether a query answered, and in how long. */
  databaseOk: boolean;
  roundTripMs: number | null;
  error: string | null;
  /** On PostgreSQL: whether this server hears the other processes' commits now; else null. */
  listening: boolean | null;
  /** Each stream's live dataset: flows stored, and how long since its newest alert was written. */
  streams: {
    datasetId: number;
    name: string;
    flows: number;
    newestAlertAt: string | null;
    secondsBehind: number | null;
  }[];
}

/** Options for starting the core. */
export interface AppServiceOptions {
  /** SQLite file (created with its migrations when missing) or a postgres:// URL. */
  dbPath: string;
  /** Folder for models, exports and the connector file; default: the SQLite file's folder. */
  dataDir?: string;
  host: 'electron' | 'headless';
  /** Load the built-in synthetic demo dataset when the database has no dataset yet. Default true. */
  seedDemo?: boolean;
  /** Rows of the built-in demo dataset. Default 20,000. */
  demoRows?: number;
  /** How loads train the recommending policy (DEFAULT_POLICY_TRAINING where omitted). */
  policyTraining?: Partial<PolicyTrainingConfig>;
}
