import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const NO_ELECTRON = {
  name: 'electron',
  message:
    'the core runs in plain Node: only src/main/index.ts and src/main/transports/electron/ import electron',
};

/** no-restricted-imports for one layer of src/main: the folders it must not import. */
function layer(files, banned, why, electronAllowed = []) {
  const patterns = [
    {
      group: banned.flatMap((f) => [`**/${f}`, `**/${f}/**`]),
      message: `layer rule (docs/architecture.md): ${why}`,
    },
    {
      group: ['**/renderer/**', '**/preload/**', '**/tests/**'],
      message: 'src/main imports no renderer, preload or test code',
    },
  ];
  const rule = (withElectron) => ({
    'no-restricted-imports': ['error', { paths: withElectron ? [] : [NO_ELECTRON], patterns }],
  });
  const out = [{ files: [files], ignores: electronAllowed, rules: rule(false) }];
  for (const f of electronAllowed) out.push({ files: [f], rules: rule(true) });
  return out;
}

export default tseslint.config(
  {
    ignores: [
      '.scratch/**',
      // AssemblyScript (built by scripts/build-kernels.js), not TypeScript.
      'src/main/domain/rl/fast/assembly/**',
      'out/**',
      'node_modules/**',
      'test-artifacts/**',
      'playwright-report/**',
      'test-results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'electron', 'react', 'react-dom'],
              message: 'src/shared is pure TypeScript',
            },
            {
              group: ['../main/**', '../renderer/**', '../preload/**'],
              message: 'src/shared imports nothing from the other layers',
            },
          ],
        },
      ],
    },
  },
  // The layers of src/main (docs/architecture.md). Each layer may import only the layers below it:
  // transports → app → store → domain → runtime; workers (thread entry points) sit on domain.
  // Only src/main/index.ts and transports/electron/ may import electron. A folder-level cycle
  // check (scripts/check-cycles.ts, part of `npm test`) covers what these rules cannot see.
  ...layer(
    'src/main/runtime/**/*.ts',
    ['domain', 'store', 'app', 'transports', 'workers'],
    'runtime is the bottom layer: plain Node helpers only',
  ),
  ...layer(
    'src/main/domain/**/*.ts',
    ['store', 'app', 'transports', 'workers'],
    'domain code is pure: no store, no use cases, no transports (pass data in, return results)',
  ),
  ...layer(
    'src/main/store/**/*.ts',
    ['app', 'transports', 'workers'],
    'the store knows tables and domain types, not use cases or transports',
  ),
  ...layer(
    'src/main/workers/**/*.ts',
    ['store', 'app', 'transports'],
    'worker entry points run domain code only',
  ),
  ...layer(
    'src/main/app/**/*.ts',
    ['transports', 'workers'],
    'use cases never import a transport; workers are started by name (runtime/spawnWorker)',
  ),
  ...layer(
    'src/main/transports/**/*.ts',
    ['workers'],
    'workers are started by name (runtime/spawnWorker), never imported',
    ['src/main/transports/electron/**'],
  ),
  {
    files: ['src/renderer/**/*.tsx', 'src/renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Layers (STYLE.md): the renderer reaches the core only through the contract and the
      // preload's ambient types (src/preload/index.d.ts, seen through tsconfig.web.json).
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'the renderer has no Electron access' }],
          patterns: [
            {
              group: ['**/main/**', '**/preload/**', 'node:*'],
              message: 'the renderer talks to the core through src/shared/contract only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
