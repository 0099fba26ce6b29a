/**
 * Real CICIDS2017 flows for the e2e suite, from the shared sample beside the repository
 * (`../shared/data/cicids2017/improved-rnd5000`): which files make an incident, where they are,
 * and loading them through the host's API (`datasets.loadPaths`), waiting for the load to finish.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { callApi } from './api';
import { ROOT } from './paths';
import type { ConsoleServer } from './server';

/** The folder of the improved CICIDS2017 sample (5,000 rows or fewer per class). */
export const IMPROVED_SAMPLE_DIR = resolve(
  ROOT,
  '..',
  'shared',
  'data',
  'cicids2017',
  'improved-rnd5000',
);

/** The message a test skips with where the sample is absent. */
export const NEEDS_SAMPLE = 'needs ../shared/data (CICIDS2017 sample)';

/**
 * FTP-Patator (Tuesday) among benign flows: one brute-force incident from the attacker's address
 * (behind the lab's NAT at 172.16.0.1) against the FTP server.
 */
export const FTP_PATATOR = {
  files: ['FTP-Patator_3972.csv', 'BENIGN_5000.csv'],
  family: 'brute-force',
  attacker: '205.174.165.73',
  victim: '192.168.10.50',
} as const;

/** The sample's files as absolute paths, or null when any is missing. */
export function sampleFiles(names: readonly string[]): string[] | null {
  const paths = names.map((n) => resolve(IMPROVED_SAMPLE_DIR, n));
  return paths.every((p) => existsSync(p)) ? paths : null;
}

/** How long a load of a few thousand real rows (ingest, detector, policy) may take. */
const LOAD_TIMEOUT_MS = 150_000;
const POLL_MS = 500;

/** Load files through `datasets.loadPaths` and wait until its job is done; returns the dataset id. */
export async function loadPaths(server: ConsoleServer, paths: string[]): Promise<number> {
  const { jobId } = await callApi(server, 'datasets.loadPaths', { paths, extraClasses: [] });
  const deadline = Date.now() + LOAD_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const job = (await callApi(server, 'jobs.list', { limit: 50 })).find((j) => j.id === jobId);
    if (job?.status === 'done' && job.datasetId !== null) return job.datasetId;
    if (job && (job.status === 'failed' || job.status === 'cancelled'))
      throw new Error(`load ${jobId} ${job.status}: ${job.error ?? ''}`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  throw new Error(`load ${jobId} did not finish in ${LOAD_TIMEOUT_MS} ms`);
}
