import preset from '../../jest.preset.mjs';

export default {
  ...preset,
  displayName: 'image-check',
  rootDir: '.',
  testMatch: ['<rootDir>/src/images/**/*.spec.ts'],
  testTimeout: 60_000,
};
