import { defineConfig } from '@playwright/test';
import { ADMIN_STATE } from './support/accounts';

const port = process.env.E2E_PORT ?? '3100';
/** Set to test an already running Stint (the smoke test does this); otherwise one is started. */
const externalBaseUrl = process.env.STINT_E2E_BASE_URL;

export default defineConfig({
  testDir: './tests',
  globalSetup: './support/global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list']],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: externalBaseUrl ?? `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium; never a downloaded browser.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
    },
  },
  projects: [
    // Signs the admin in once and saves the cookies (support/sign-in.setup.ts).
    { name: 'setup', testDir: './support', testMatch: /sign-in\.setup\.ts$/ },
    // Sign-up and sign-in themselves, from a browser without a session.
    { name: 'signed-out', testMatch: /auth\.spec\.ts$/ },
    // Everything else starts signed in as the admin; a spec that needs someone else opts out with NO_SESSION.
    { name: 'signed-in', testIgnore: /auth\.spec\.ts$/, dependencies: ['setup'], use: { storageState: ADMIN_STATE } },
  ],
  webServer: externalBaseUrl
    ? undefined
    : {
        command: 'node support/start-server.mjs',
        url: `http://127.0.0.1:${port}/api/v1/health`,
        timeout: 120_000,
        reuseExistingServer: false,
        env: { E2E_PORT: port },
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
