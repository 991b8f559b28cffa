import preset from '../../jest.preset.mjs';

export default {
  ...preset,
  displayName: 'web',
  rootDir: '.',
  // jsdom, with Node's own fetch, Response and AbortController, as browsers have them.
  testEnvironment: 'jest-fixed-jsdom',
  setupFilesAfterEnv: ['<rootDir>/src/testing/setup.ts'],
};
