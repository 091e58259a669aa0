import { defineConfig } from '@playwright/test';

// Debian's Chromium: a test tool cannot download its own browser on these machines.
const chromiumPath = process.env.LAYERLENS_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/e2e',
  globalSetup: './e2e/global-setup.ts',
  globalTeardown: './e2e/global-teardown.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e-results.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
    },
  },
  projects: [
    { name: 'chromium', testIgnore: /electron\.spec\.ts/, use: { browserName: 'chromium', viewport: { width: 1280, height: 800 } } },
    { name: 'electron', testMatch: /electron\.spec\.ts/ },
  ],
});
