import preset from '../../jest.preset.mjs';

export default {
  ...preset,
  displayName: 'delivery',
  rootDir: '.',
  testTimeout: 60_000,
};
