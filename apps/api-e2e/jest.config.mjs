import preset from '../../jest.preset.mjs';

export default { ...preset, displayName: 'api-e2e', rootDir: '.', testTimeout: 30_000 };
