import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root: the nearest folder above this module holding `resources/`. Works from the
 * sources (tests, tsx), from the bundle in out/ (CLI, headless host) and from an installed package.
 */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'resources')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the resources/ folder above ' + import.meta.url);
    dir = up;
  }
}

/** Absolute path of a file under resources/. */
export function resourcePath(...parts: string[]): string {
  return join(projectRoot(), 'resources', ...parts);
}
