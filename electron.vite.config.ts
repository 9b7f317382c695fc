import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const alias = { '@shared': here('./src/shared') };

/**
 * main:     out/main/{index,cli,compute,finetune,data-worker}.js (ESM). Dependencies stay external (electron-vite's default),
 *           so the native addons (better-sqlite3, onnxruntime-node) load from node_modules at run time.
 * preload:  out/preload/index.cjs (CommonJS, everything bundled): sandboxed preloads cannot load ESM
 *           or require anything from node_modules.
 * renderer: out/renderer, React.
 */
export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      outDir: 'out/main',
      lib: {
        entry: {
          index: here('./src/main/app/main.ts'),
          cli: here('./src/main/cli/index.ts'),
          compute: here('./src/main/compute/process/entry.ts'),
          finetune: here('./src/main/compute/finetune/entry.ts'),
          'data-worker': here('./src/main/compute/data/dataset/worker.ts'),
        },
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      sourcemap: true,
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      lib: {
        entry: { index: here('./src/preload/index.ts') },
        formats: ['cjs'],
        fileName: (_format, name) => `${name}.cjs`,
      },
    },
  },
  renderer: {
    root: here('./src/renderer'),
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: here('./out/renderer'),
      // electron-vite leaves the renderer unminified by default; minifying cuts what the page must parse at start-up.
      minify: true,
      sourcemap: true,
      // three.js + R3F + Mantine are one app chunk by design (a desktop app loads it from disk once).
      chunkSizeWarningLimit: 2000,
      rollupOptions: { input: here('./src/renderer/index.html') },
    },
  },
});
