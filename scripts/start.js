// `npm start`: build when out/ is missing, then run the Electron app when its binary is installed,
// else serve the same console to a browser through the headless host (`rampart serve`).
// Extra arguments go to whichever runs, e.g. `npm start -- --port 8080`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

/** Every bundle both modes need. */
const outputs = [
  'out/main/index.js',
  'out/main/cli.js',
  'out/preload/index.cjs',
  'out/renderer/index.html',
];

function ensureBuilt() {
  const missing = outputs.filter((f) => !existsSync(join(root, f)));
  if (missing.length === 0) return;
  console.log(`rampart: building first (missing ${missing.join(', ')})`);
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error('rampart: the build failed; see the output above.');
    process.exit(r.status ?? 1);
  }
}

/** The Electron binary's path, or the reason it cannot be used. */
function electronBinary() {
  if (process.env.RAMPART_HEADLESS) return { reason: 'RAMPART_HEADLESS is set' };
  let path;
  try {
    // The electron package's main export is the path of its binary; it throws when never downloaded.
    path = require('electron');
  } catch {
    // Electron's own message ("delete node_modules/electron and reinstall") misleads offline:
    // the npm package is fine, only its binary download was skipped or failed.
    return {
      reason: 'the Electron binary was never downloaded (node_modules/electron/dist is missing)',
    };
  }
  if (typeof path !== 'string' || !existsSync(path)) {
    return { reason: `the Electron binary is missing (${String(path)})` };
  }
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { reason: 'there is no display (DISPLAY / WAYLAND_DISPLAY unset)' };
  }
  return { path };
}

/** Run a child in the foreground: forward Ctrl-C / TERM, exit with its status. */
function runForeground(command, argv) {
  const child = spawn(command, argv, { cwd: root, stdio: 'inherit' });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

ensureBuilt();
const electron = electronBinary();
if ('path' in electron) {
  console.log(`rampart: starting the desktop app (Electron at ${electron.path})`);
  runForeground(electron.path, [root, ...args]);
} else {
  console.log(`rampart: starting the headless console in your browser because ${electron.reason}.`);
  console.log('rampart: open the URL below; it carries a per-run access token. Ctrl-C stops it.');
  runForeground(process.execPath, [join(root, 'out', 'main', 'cli.js'), 'serve', ...args]);
}
