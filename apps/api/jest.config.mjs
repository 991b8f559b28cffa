import preset from '../../jest.preset.mjs';

// Each suite's ES modules stay in the worker's heap; a fresh worker once it passes 192 MB keeps the
// heap of the suites that follow below readiness's 256 MB limit, which the health spec checks.
export default { ...preset, displayName: 'api', rootDir: '.', workerIdleMemoryLimit: '192MB' };
