import preset from '../../jest.preset.mjs';

// The image check (src/images) is a target of its own, image-check: it needs root and podman.
export default {
  ...preset,
  displayName: 'delivery',
  rootDir: '.',
  testTimeout: 60_000,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/src/images/'],
};
