// Fetch Electron's binary when the network allows it. Electron's own postinstall is denied in
// package.json#allowScripts because it fails the whole install offline; here a failure only means
// `npm start` falls back to the headless console in the browser.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let electronDir;
try {
  electronDir = dirname(require.resolve('electron/package.json'));
} catch {
  process.exit(0); // production install without devDependencies
}
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD || existsSync(join(electronDir, 'path.txt')))
  process.exit(0);
const r = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: 300_000,
});
if (r.status !== 0) {
  console.warn(
    'rampart: the Electron binary could not be downloaded; `npm start` will serve the console to your browser instead.',
  );
}
