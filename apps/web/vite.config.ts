/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { precompress } from './vite-precompress.ts';

const fromHere = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The framework every page needs gets its own long-cached chunk: app releases change only
 * the small app chunks. Listed by name so page-only libraries (recharts) stay in their pages.
 */
const FRAMEWORK = /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router|@tanstack[\\/][^\\/]+)[\\/]/;

// The API the dev server forwards to; `pnpm --filter @stint/api dev` listens on 3000.
const apiTarget = process.env.STINT_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  // precompress: .br and .gz next to each built file, served as they are (apps/api/src/web/spa.ts).
  plugins: [react(), precompress()],
  resolve: {
    // Keep in step with `paths` in tsconfig.json. Contracts resolve to source so neither
    // dev nor build needs packages/contracts/dist.
    alias: [
      { find: /^@stint\/contracts$/, replacement: fromHere('../../packages/contracts/src/index.ts') },
      { find: /^@\//, replacement: `${fromHere('./src')}/` },
    ],
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: apiTarget },
      '/metrics': { target: apiTarget },
    },
  },
  preview: {
    port: 4173,
    proxy: {
      '/api': { target: apiTarget },
      '/metrics': { target: apiTarget },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    rolldownOptions: {
      output: {
        codeSplitting: { groups: [{ name: 'framework', test: FRAMEWORK }] },
      },
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    unstubGlobals: true,
    // A page test renders a whole page in jsdom: ~1 s alone, but 5–6 s on a 2-core machine
    // under libfaketime or beside other work, where vitest's default 5 s cut them off.
    testTimeout: 20_000,
  },
});
