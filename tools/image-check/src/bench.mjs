#!/usr/bin/env node
// The images' sizes, on the stand-in bases the image check builds (engine.mjs):
// builds and pushes both apps' images with the Nx targets (podman, a local registry on
// 127.0.0.1:5000), pushes their bases too, and prints each size as podman stores it (uncompressed)
// and as the registry does (the compressed layers a pull downloads). Needs root on Debian.
//
//   npm run bench:images
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  LOCAL_REGISTRY,
  PODMAN_DELIVERY_ENV,
  baseImage,
  buildStandIn,
  ensureEngine,
  podman,
  registryManifest,
  startRegistry,
} from './engine.mjs';

const APPS = ['api', 'web'];
const TARGETS_MB = { api: 80, web: 30 };
const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const revision = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace, encoding: 'utf8' }).trim();
const megabytes = (bytes) => (bytes / 1e6).toFixed(1);

/** Bytes a pull downloads: the config and the compressed layers the registry's manifest lists. */
function compressed(reference) {
  const { config, layers } = registryManifest(reference);
  return config.size + layers.reduce((sum, layer) => sum + layer.size, 0);
}

ensureEngine();
const registry = await startRegistry();
try {
  const bases = Object.fromEntries(APPS.map((app) => [app, buildStandIn(baseImage(app))]));
  const nx = (...args) =>
    execFileSync('npx', ['nx', 'run-many', '-p', ...APPS, '--output-style=static', ...args], {
      cwd: workspace,
      env: { ...process.env, ...PODMAN_DELIVERY_ENV, NX_DAEMON: 'false' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  // As the image check: never from the cache, which holds no image, and never a pull.
  nx('-t', 'container', '--skip-nx-cache', '--pull=never');
  nx('-t', 'push', '--exclude-task-dependencies');
  console.log(`| image | uncompressed | compressed | target (compressed) |`);
  console.log(`|---|---|---|---|`);
  for (const app of APPS) {
    const base = `${LOCAL_REGISTRY}/stand-in/${app}-base:${revision}`;
    podman('tag', bases[app], base);
    try {
      podman('push', '--quiet', base);
      for (const [name, reference, target] of [
        [app, `${LOCAL_REGISTRY}/${app}:${revision}`, `≤ ${TARGETS_MB[app]} MB`],
        [`${app}'s base (stand-in ${bases[app]})`, base, ''],
      ]) {
        const size = Number(podman('image', 'inspect', '--format', '{{.Size}}', reference));
        console.log(`| ${name} | ${megabytes(size)} MB | ${megabytes(compressed(reference))} MB | ${target} |`);
      }
    } finally {
      podman('rmi', base);
    }
  }
} finally {
  await registry.stop();
}
