// Playwright drives Debian's chromium (downloading browsers is impossible here: ../shared/stack.md §12).
// Run through `npm run test:e2e`, which prepares tmp/e2e and builds first.
import { defineConfig, devices } from '@playwright/test';

const PORT = 3100;
const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
};

export default defineConfig({
  testDir: 'tests/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  timeout: 60_000,
  use: { baseURL: `http://localhost:${PORT}`, trace: 'off', locale: 'ru-RU', timezoneId: 'Europe/Moscow' },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/, use: { ...devices['Desktop Chrome'], launchOptions } },
    { name: 'desktop', dependencies: ['setup'], testIgnore: /tablet|phone|live-load|daily-deltas|fault/, use: { ...devices['Desktop Chrome'], viewport: { width: 1440, height: 900 }, launchOptions } },
    { name: 'tablet', dependencies: ['setup'], testMatch: /(tablet|screens)\.spec\.ts/, use: { ...devices['iPad (gen 7) landscape'], browserName: 'chromium', viewport: { width: 1024, height: 768 }, launchOptions } },
    { name: 'phone', dependencies: ['setup'], testMatch: /(phone|screens)\.spec\.ts/, use: { ...devices['Pixel 7'], viewport: { width: 390, height: 844 }, launchOptions } },
    // Last: it applies a new extract, which would change what the other specs expect.
    { name: 'live', dependencies: ['desktop', 'tablet', 'phone'], testMatch: /live-load\.spec\.ts/, use: { ...devices['Desktop Chrome'], launchOptions } },
    // After live: its extracts are dated after the held one that live-load applies (ids apply in order).
    { name: 'deltas', dependencies: ['live'], testMatch: /daily-deltas\.spec\.ts/, use: { ...devices['Desktop Chrome'], launchOptions } },
    // Last: an engine fault injected into one of the two web workers.
    { name: 'fault', dependencies: ['deltas'], testMatch: /fault\.spec\.ts/, use: { ...devices['Desktop Chrome'], launchOptions } },
  ],
  webServer: {
    command: `${process.execPath} node_modules/tsx/dist/cli.mjs scripts/start.ts --port ${PORT}`,
    url: `http://localhost:${PORT}/login`,
    reuseExistingServer: false,
    timeout: 90_000,
    // SA_TEST_HOOKS: /api/internal/test-fault exists (fault.spec.ts injects an engine fault into one
    // of the two web workers).
    env: { DATA_DIR: process.env.DATA_DIR ?? 'tmp/e2e', NEXTAUTH_URL: `http://localhost:${PORT}`, SA_TEST_HOOKS: '1', WEB_WORKERS: '2' },
  },
});
