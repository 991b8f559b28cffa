import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const all = { ...manifest.dependencies, ...manifest.devDependencies };

describe('dependencies', () => {
  it('pin nx and every @nx plugin to one exact version', () => {
    const nx = Object.entries(all).filter(([name]) => name === 'nx' || name.startsWith('@nx/'));

    expect(nx.length).toBeGreaterThan(1);
    expect(new Set(nx.map(([, version]) => version))).toEqual(new Set([all['nx']]));
    expect(all['nx']).toMatch(/^23\.\d+\.\d+$/);
  });

  it('hold TypeScript below 7, whose native compiler has no API for esbuild-plugin-tsc to emit decorator metadata with', () => {
    expect(all['typescript']).toMatch(/^(5\.9|6\.0)\.\d+$/);
  });

  it('ask for Node 20.19 at least, the first Node 20 that can require() ES modules, as Fastify inject and Vite 8 do', () => {
    expect(manifest.engines.node).toBe('>=20.19');
  });
});
