import preset from '../../jest.preset.mjs';

export default { ...preset, displayName: 'workspace-checks', rootDir: '.', testTimeout: 60_000 };
