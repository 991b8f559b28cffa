import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './src',
  // One stack per worker, and tests that stop its API: one worker, in order.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: [['list'], ['@dinosaurs/test-utils/playwright-summary-reporter']],
  // Screenshots and traces of failures, kept as CI artifacts.
  outputDir: '../../dist/.playwright/apps/web-e2e/test-output',
  globalSetup: './src/support/global-setup.ts',
  use: {
    launchOptions: {
      // Debian's Chromium (the global setup installs it), not a browser build Playwright downloads.
      executablePath: '/usr/bin/chromium',
      // No GPU, no calls home, no component updates: a quiet browser on a CI machine.
      args: [
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      use: { viewport: { width: 360, height: 740 }, hasTouch: true },
      // What nginx answers does not depend on the viewport, nor does what the fuzzed URLs select.
      testIgnore: ['nginx.spec.ts', 'fuzz.spec.ts'],
    },
  ],
});
