/** Paths the e2e suite shares: the project root, artifacts, the CLI and the sample data. */
import { test } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetOptions } from './target';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * A file under test-artifacts/ (kept by CI), its folder created. The electron project's go under
 * test-artifacts/electron/, so the same spec run on both targets keeps both pictures.
 */
export function artifactPath(...parts: [string, ...string[]]): string {
  const target = (test.info().project.use as Partial<TargetOptions>).target ?? 'web';
  const file = join(ROOT, 'test-artifacts', ...(target === 'web' ? [] : [target]), ...parts);
  mkdirSync(dirname(file), { recursive: true });
  return file;
}

/** Where screenshots go: test-artifacts/screenshots/<name>.png (electron: under electron/). */
export function screenshotPath(name: string): string {
  return artifactPath('screenshots', `${name}.png`);
}

/**
 * The CLI the suite drives. Default: the built `out/main/cli.js`. RAMPART_CLI may name another
 * file; a `.ts` one runs through tsx, so the suite can run against sources without a main build.
 */
export function cliCommand(): { file: string; nodeArgs: string[] } {
  const file = resolve(ROOT, process.env['RAMPART_CLI'] ?? 'out/main/cli.js');
  if (!existsSync(file)) {
    throw new Error(
      `${file} is missing: run \`npx electron-vite build\` first (or set RAMPART_CLI)`,
    );
  }
  return { file, nodeArgs: /\.[cm]?ts$/.test(file) ? ['--import', 'tsx'] : [] };
}

/** A real CICIDS2017 sample shipped beside the repository, when present. */
export const REAL_SAMPLE_CSV = resolve(
  ROOT,
  '..',
  'shared',
  'data',
  'cicids2017',
  'original',
  'thursday-webattacks-sample.csv',
);
