import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Three bundles: main (Electron shell + the plain-Node core, and the `rampart` CLI / headless
// host entry), preload (CommonJS, as a sandboxed preload must be) and the React renderer.
// Dependencies stay external to main: native modules (better-sqlite3) load from node_modules.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          cli: resolve('src/main/transports/cli/index.ts'),
          ingestWorker: resolve('src/main/workers/ingestWorker.ts'),
          trainWorker: resolve('src/main/workers/trainWorker.ts'),
          rlWorker: resolve('src/main/workers/rlWorker.ts'),
          studyWorker: resolve('src/main/workers/studyWorker.ts'),
          pgWorker: resolve('src/main/workers/pgWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve('out/renderer'),
      rollupOptions: { input: resolve('src/renderer/index.html') },
    },
  },
});
