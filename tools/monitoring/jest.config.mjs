import preset from '../../jest.preset.mjs';

// promtool's unit tests run two at a time (test.concurrent): each is CPU-bound.
export default {
  ...preset,
  displayName: 'monitoring',
  rootDir: '.',
  testTimeout: 180_000,
  maxConcurrency: 2,
  globalSetup: '<rootDir>/src/support/global-setup.mjs',
};
