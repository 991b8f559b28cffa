import preset from '../../jest.preset.mjs';

// Run by the image-check target rather than as `test`: it needs root and podman, and runs alone.

export default {
  ...preset,
  displayName: 'image-check',
  rootDir: '.',
  testTimeout: 60_000,
};
