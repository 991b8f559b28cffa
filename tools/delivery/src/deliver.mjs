// The commands behind the inferred `container`, `push`, `deploy` and `deploy-plan` targets
// (plugin.mjs). Each command it runs is printed first; with --dry-run it is only printed.
// deploy applies the overlay, waits for the rollout (undoing it if it fails), and where a
// HorizontalPodAutoscaler owns the replica count, waits until its minReplicas pods are ready.
//
// Usage: node tools/delivery/src/deliver.mjs <container|push|deploy> <app> [--env local|gke] [--dry-run]
//                                             [--pull <policy>]   (container: the build's pull policy)
//
// Settings, from the environment:
//   CONTAINER_ENGINE the CLI that builds and pushes images: docker (any engine behind it) or podman
//   REGISTRY         where images are named and pushed, e.g. europe-west1-docker.pkg.dev/PROJECT/dinosaurs;
//                    required to push or to deploy to gke; "dinosaurs" for a local build
//   ROLLOUT_TIMEOUT  how long deploy waits for the rollout before it rolls back (5m)
//   LOCAL_CLUSTER    kind (the kind cluster "dinosaurs") or minikube, for --env local (kind)
//   KUBE_CONTEXT     the kubectl context to deploy to (local: kind-dinosaurs or minikube; gke: the current one)
//   SOURCE_URL       the repository URL in the image's labels (from GitHub Actions or `git remote`)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { scales } from './replica-owners.mjs';

const NAMESPACE = 'dinosaurs';
const ENVIRONMENTS = ['local', 'gke'];
const COMMANDS = ['container', 'push', 'deploy'];
const PULL_POLICIES = ['always', 'missing', 'never', 'newer'];
const workspace = fileURLToPath(new URL('../../..', import.meta.url));

function fail(message) {
  console.error(message);
  process.exit(1);
}

const {
  positionals: [command, app],
  values: { env, 'dry-run': dryRun, pull },
} = parseArgs({
  allowPositionals: true,
  options: { env: { type: 'string' }, 'dry-run': { type: 'boolean', default: false }, pull: { type: 'string' } },
});
// A deploy goes to the local cluster unless told otherwise; a push without --env goes to REGISTRY.
const environment = env ?? (command === 'deploy' ? 'local' : undefined);
if (!COMMANDS.includes(command)) fail(`usage: deliver.mjs <${COMMANDS.join('|')}> <app> [--env local|gke] [--dry-run]`);
if (!app || !existsSync(join(workspace, 'apps', app, 'Dockerfile')) || !existsSync(join(workspace, 'k8s', app)))
  fail(`deliver.mjs: no app "${app}" with apps/${app}/Dockerfile and k8s/${app}`);
if (pull !== undefined && (command !== 'container' || !PULL_POLICIES.includes(pull)))
  fail(`--pull is for container, and must be one of ${PULL_POLICIES.join(', ')} (got "${pull}")`);
if (environment !== undefined && !ENVIRONMENTS.includes(environment))
  fail(`--env must be one of ${ENVIRONMENTS.join(', ')} (got "${environment}")`);

/** A setting from the environment, checked; an empty variable counts as unset. */
function setting(name, { fallback, pattern, expected }) {
  const value = process.env[name] || fallback;
  if (value === undefined) fail(`${name} is not set: it must be ${expected}`);
  if (!pattern.test(value)) fail(`${name} must be ${expected} (got "${value}")`);
  return value;
}

const git = (...args) => execFileSync('git', args, { cwd: workspace, encoding: 'utf8' }).trim();
const revision = git('rev-parse', 'HEAD');
const registry = setting('REGISTRY', {
  // Nothing is pushed anywhere unless REGISTRY says where; a local build or cluster needs no registry.
  fallback: command === 'container' || environment === 'local' ? 'dinosaurs' : undefined,
  pattern: /^[a-z0-9]+([.-][a-z0-9]+)*(:\d{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/,
  expected: 'a registry host and path without a scheme, e.g. europe-west1-docker.pkg.dev/my-project/dinosaurs',
});
const image = `${registry}/${app}:${revision}`;
const engine = setting('CONTAINER_ENGINE', {
  fallback: 'docker',
  pattern: /^(docker|podman)$/,
  expected: 'docker or podman',
});
// Docker's `build --pull` is on or off; only podman takes a policy such as never.
if (pull !== undefined && engine !== 'podman')
  fail(`--pull needs CONTAINER_ENGINE=podman: docker build takes no pull policy`);
const localCluster = setting('LOCAL_CLUSTER', {
  fallback: 'kind',
  pattern: /^(kind|minikube)$/,
  expected: 'kind or minikube',
});

/** Prints a command, then runs it unless this is a dry run; false if it failed. */
function run(program, ...args) {
  console.log(`${dryRun ? 'would run' : '$'} ${[program, ...args].join(' ')}`);
  if (dryRun) return true;
  const { status, error } = spawnSync(program, args, { cwd: workspace, stdio: 'inherit' });
  if (error?.code === 'ENOENT') fail(`${command} needs ${program} on PATH: install it`);
  return status === 0;
}

/** Runs a command that only reads, and returns what it printed; undefined if it failed. `quiet` prints nothing. */
function read(program, args, { quiet = false } = {}) {
  if (!quiet) console.log(`${dryRun ? 'would run' : '$'} ${[program, ...args].join(' ')}`);
  if (dryRun) return '';
  const { status, stdout, error } = spawnSync(program, args, { cwd: workspace, encoding: 'utf8' });
  if (error?.code === 'ENOENT') fail(`${command} needs ${program} on PATH: install it`);
  return status === 0 ? stdout.trim() : undefined;
}

function sourceUrl() {
  if (process.env.SOURCE_URL) return process.env.SOURCE_URL;
  if (process.env.GITHUB_REPOSITORY) return `${process.env.GITHUB_SERVER_URL}/${process.env.GITHUB_REPOSITORY}`;
  try {
    return execFileSync('git', ['remote', 'get-url', 'origin'], {
      cwd: workspace,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

function container() {
  const packageJson = [join(workspace, 'apps', app, 'package.json'), join(workspace, 'package.json')].find(existsSync);
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8'));
  return run(
    engine,
    'build',
    // podman's `never` builds from local base images only, as the image check does.
    ...(pull === undefined ? [] : [`--pull=${pull}`]),
    // podman (buildah 1.28, Debian 12's) reuses a cached LABEL or ENV layer built with other build
    // arguments, so an image would carry an older commit's labels and COMMIT_SHA. These Dockerfiles
    // only copy files onto their base, so building every layer anew costs nothing.
    ...(engine === 'podman' ? ['--no-cache'] : []),
    '--file',
    `apps/${app}/Dockerfile`,
    '--tag',
    image,
    '--build-arg',
    `SOURCE_URL=${sourceUrl()}`,
    '--build-arg',
    `REVISION=${revision}`,
    '--build-arg',
    `VERSION=${version}`,
    `apps/${app}`,
  );
}

function push() {
  if (environment !== 'local') return run(engine, 'push', image);
  return localCluster === 'kind'
    ? run('kind', 'load', 'docker-image', image, '--name', 'dinosaurs')
    : run('minikube', 'image', 'load', image);
}

/**
 * The overlay of `environment` with this commit's image and version label, as a kustomization of
 * its own under dist/, so that deploying leaves the tracked overlays untouched.
 */
function writeDeployKustomization() {
  const directory = join('dist', 'deploy', `${app}-${environment}`);
  const versionLabel = (path) => ({ op: 'add', path: `${path}/app.kubernetes.io~1version`, value: revision });
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [`../../../k8s/${app}/overlays/${environment}`],
    images: [{ name: `dinosaurs/${app}`, newName: `${registry}/${app}`, newTag: revision }],
    patches: [
      {
        target: { kind: 'Deployment', name: app },
        patch: JSON.stringify([versionLabel('/metadata/labels'), versionLabel('/spec/template/metadata/labels')]),
      },
    ],
  };
  mkdirSync(join(workspace, directory), { recursive: true });
  writeFileSync(join(workspace, directory, 'kustomization.yaml'), `${JSON.stringify(kustomization, null, 2)}\n`);
  return directory;
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** How often deploy asks how many pods are ready while it waits for an autoscaler's minimum. */
const POLL_SECONDS = 1;

async function deploy() {
  const context =
    process.env.KUBE_CONTEXT ||
    (environment === 'local' ? (localCluster === 'kind' ? 'kind-dinosaurs' : 'minikube') : '');
  const withContext = (args) => [...(context ? ['--context', context] : []), ...args];
  const kubectl = (...args) => run('kubectl', ...withContext(args));
  const deployment = [`deployment/${app}`, '--namespace', NAMESPACE];
  const timeout = setting('ROLLOUT_TIMEOUT', {
    fallback: '5m',
    pattern: /^\d+(s|m)$/,
    expected: 'a duration like 90s or 5m',
  });
  const directory = writeDeployKustomization();
  console.log(`deploy ${image} to ${environment} (namespace ${NAMESPACE}) from ${directory}`);
  const rendered = execFileSync('kubectl', ['kustomize', directory], { cwd: workspace, encoding: 'utf8' });
  if (dryRun) {
    writeFileSync(join(workspace, directory, 'manifests.yaml'), rendered);
    console.log(`rendered: ${join(directory, 'manifests.yaml')}`);
  }
  const autoscaler = parseAllDocuments(rendered)
    .map((document) => document.toJS())
    .find((o) => scales(o, { kind: 'Deployment', metadata: { name: app } }));

  // A Deployment applied before the autoscaler owned its count still lists `replicas` in kubectl's
  // last-applied configuration, so an apply without it would delete the field and drop the count to
  // one pod until the autoscaler raised it again. Taking it out of that annotation first (the
  // Kubernetes docs' `kubectl apply edit-last-applied` step) leaves the live count alone.
  if (autoscaler) {
    const jsonpath = `jsonpath={.metadata.annotations.${LAST_APPLIED.replaceAll('.', '\\.')}}`;
    const lastApplied = read(
      'kubectl',
      withContext(['get', ...deployment, '--ignore-not-found', '--output', jsonpath]),
    );
    if (lastApplied === undefined) fail(`deploy: kubectl could not read ${deployment[0]}`);
    let configuration = {};
    try {
      if (lastApplied) configuration = JSON.parse(lastApplied);
    } catch {
      fail(`deploy: the ${LAST_APPLIED} annotation of ${deployment[0]} is not JSON`);
    }
    if (configuration.spec?.replicas !== undefined) {
      delete configuration.spec.replicas;
      if (!kubectl('annotate', '--overwrite', ...deployment, `${LAST_APPLIED}=${JSON.stringify(configuration)}`))
        fail(`deploy: could not hand the replica count of ${deployment[0]} over to its autoscaler`);
    }
  }

  if (!kubectl('apply', '--kustomize', directory)) fail(`deploy: kubectl apply of ${directory} failed`);
  if (!kubectl('rollout', 'status', ...deployment, '--timeout', timeout)) {
    const undone = kubectl('rollout', 'undo', ...deployment);
    fail(
      `deploy: ${deployment[0]} was not ready within ${timeout}; ${undone ? 'rolled back to the previous revision' : 'the rollback failed too'}`,
    );
  }
  if (autoscaler) await waitForAutoscalerMinimum(autoscaler, deployment, withContext, timeout);
  return true;
}

/**
 * A Deployment created without `replicas` starts with one pod, and `rollout status` may return as
 * soon as that one is ready; the autoscaler raises the count to its minReplicas within its sync
 * period (15 s by default). So the deploy is done once that many pods are ready.
 */
async function waitForAutoscalerMinimum(autoscaler, deployment, withContext, timeout) {
  const { minReplicas = 1 } = autoscaler.spec;
  const owner = `HorizontalPodAutoscaler/${autoscaler.metadata.name}`;
  const args = withContext(['get', ...deployment, '--output', 'jsonpath={.status.readyReplicas}']);
  console.log(
    `${dryRun ? 'would wait' : 'waiting'} until ${deployment[0]} has ${minReplicas} ready replicas, the minReplicas of ${owner}`,
  );
  if (dryRun) return;
  console.log(`$ kubectl ${args.join(' ')}   (every ${POLL_SECONDS} s, for up to ${timeout})`);
  const deadline = Date.now() + Number.parseInt(timeout, 10) * (timeout.endsWith('m') ? 60_000 : 1000);
  let ready = 0;
  for (;;) {
    ready = Number(read('kubectl', args, { quiet: true }) || 0);
    if (ready >= minReplicas) break;
    if (Date.now() >= deadline)
      fail(
        `deploy: ${deployment[0]} has ${ready} ready replicas after ${timeout}, fewer than the ${minReplicas} of ${owner}: see kubectl describe hpa/${autoscaler.metadata.name} --namespace ${NAMESPACE}`,
      );
    await sleep(POLL_SECONDS * 1000);
  }
  console.log(`${deployment[0]}: ${ready} ready replicas`);
}

const ok = await { container, push, deploy }[command]();
if (!ok) fail(`${command} ${app} failed`);
