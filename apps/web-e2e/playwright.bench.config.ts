import { defineConfig } from '@playwright/test';
import config from './playwright.config';

/**
 * `nx run web-e2e:bench`: the same stack and browser as the e2e tests, running the benchmarks
 * in `*.bench.ts`. They print figures and fail on no threshold: timing is measured, not tested.
 */
export default defineConfig({
  ...config,
  testMatch: '**/*.bench.ts',
  reporter: 'list',
  timeout: 300_000,
  projects: [{ name: 'desktop', use: { viewport: { width: 1280, height: 800 } } }],
});
