import { defineConfig } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * End-to-end tests drive the studio in server mode (the same backend and renderer as the desktop app)
 * in Debian's Chromium, rendering WebGL2 through SwiftShader. Build first: `npx electron-vite build`.
 */
const PORT = Number(process.env.POSE_STUDIO_E2E_PORT ?? 47831);

if (!existsSync('out/main/cli.js') || !existsSync('out/renderer/index.html')) {
  throw new Error(
    'The studio is not built: run `npx electron-vite build` (or `npm run build`) before the end-to-end tests.',
  );
}

// A fresh data directory per run; the env var makes the config's worker processes agree on it.
process.env.POSE_STUDIO_E2E_DATA ??= mkdtempSync(join(tmpdir(), 'pose-studio-e2e-'));
const dataDir = process.env.POSE_STUDIO_E2E_DATA;

export default defineConfig({
  testDir: 'e2e',
  // Not test-results itself: Playwright empties its output folder, and other runners write there too.
  outputDir: 'test-results/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.POSE_STUDIO_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--use-angle=swiftshader',
        '--enable-unsafe-swiftshader',
        '--ignore-gpu-blocklist',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
  webServer: {
    command: `node out/main/cli.js serve --port ${PORT} --data-dir "${dataDir}"`,
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    // On a loaded machine the server and its compute process can take longer than a minute to come up.
    timeout: Number(process.env.POSE_STUDIO_E2E_SERVER_TIMEOUT_MS ?? 60_000),
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
