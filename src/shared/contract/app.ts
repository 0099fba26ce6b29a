/** The console's identity and its mitigation catalogue (`app.info`). */
import { noArgs } from './common';

/** Argument schemas of the app's requests. */
export const appRequests = {
  'app.info': noArgs,
} as const;

/** One catalogue action as the UI shows it. */
export interface ActionInfo {
  /** Index into the catalogue (0..14). */
  index: number;
  /** ATT&CK mitigation ID, e.g. M1037 (or NA for No Action). */
  id: string;
  name: string;
  description: string;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'headless';
  dbPath: string;
  classes: string[];
  /** The mitigation catalogue, in index order. */
  actions: ActionInfo[];
  /** Per class, the catalogue indices ranked best first (Table II). */
  ranked: Record<string, number[]>;
  /** Who this console's requests are recorded as (the transport's identity, not a choice). */
  analyst: string;
}

/** Result types of the app's requests. */
export interface AppResults {
  'app.info': AppInfo;
}
