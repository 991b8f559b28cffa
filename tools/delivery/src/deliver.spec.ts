import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type K8sObject, deployment, kubectlPath, render, workspace } from '@dinosaurs/test-utils';

// These tests need no cluster, registry or Docker engine: docker, kubectl, kind and minikube are
// stand-ins that record their arguments and succeed, or fail when their call contains FAIL; a call
// that contains the pattern of a reply prints that reply (each is used once, in order), as a
// cluster would answer a `kubectl get`. `kubectl kustomize` alone is passed to the real kubectl,
// since rendering needs no cluster.
const STAND_IN = `#!/bin/sh
name=$(basename "$0")
printf '%s\\n' "$name $*" >> "$RECORD"
if [ "$name" = kubectl ] && [ "$1" = kustomize ]; then exec "$REAL_KUBECTL" "$@"; fi
case "$name $*" in *"\${FAIL:-no failure}"*) exit 1 ;; esac
for reply in "$REPLIES"/*; do
  [ -f "$reply" ] || continue
  case "$name $*" in *"$(head -n 1 "$reply")"*) tail -n +2 "$reply"; rm "$reply"; break ;; esac
done
`;

const revision = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace, encoding: 'utf8' }).trim();
const standIns = mkdtempSync(join(tmpdir(), 'delivery-stand-ins-'));
const realKubectl = kubectlPath();
for (const program of ['docker', 'podman', 'kubectl', 'kind', 'minikube']) {
  writeFileSync(join(standIns, program), STAND_IN);
  chmodSync(join(standIns, program), 0o755);
}
afterAll(() => rmSync(standIns, { recursive: true, force: true }));

/** The settings deliver.mjs reads, cleared so that the machine's own never leak in. */
const SETTINGS = [
  'REGISTRY',
  'CONTAINER_ENGINE',
  'ROLLOUT_TIMEOUT',
  'LOCAL_CLUSTER',
  'KUBE_CONTEXT',
  'SOURCE_URL',
  'GITHUB_REPOSITORY',
];

/** What the stand-ins answer: a pattern of the call, and the output. */
type Reply = readonly [pattern: string, output: string];

function environment(settings: Record<string, string>, replies: readonly Reply[] = []) {
  const run = Math.random().toString(36).slice(2);
  const record = join(standIns, `calls-${run}`);
  writeFileSync(record, '');
  const answers = join(standIns, `replies-${run}`);
  mkdirSync(answers);
  replies.forEach(([pattern, output], i) =>
    writeFileSync(join(answers, `reply-${String(i).padStart(3, '0')}`), `${pattern}\n${output}\n`),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${standIns}:${process.env.PATH}`,
    RECORD: record,
    REPLIES: answers,
  };
  for (const name of SETTINGS) delete env[name];
  return { env: { ...env, REAL_KUBECTL: realKubectl, ...settings }, record };
}

const recorded = (record: string) => readFileSync(record, 'utf8').split('\n').filter(Boolean);

/** Runs deliver.mjs as the Nx targets do, from the workspace root. */
function deliver(args: string[], settings: Record<string, string> = {}, replies: readonly Reply[] = []) {
  const { env, record } = environment(settings, replies);
  const result = spawnSync(process.execPath, ['tools/delivery/src/deliver.mjs', ...args], {
    cwd: workspace,
    env,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, calls: recorded(record) };
}

const REGISTRY = 'europe-west1-docker.pkg.dev/my-project/dinosaurs';

describe('container', () => {
  it('builds the app folder with its Dockerfile, tagged with the registry and the commit, and labelled', () => {
    const { status, calls } = deliver(['container', 'api'], {
      REGISTRY,
      SOURCE_URL: 'https://example.invalid/dinosaurs',
    });
    expect(status).toBe(0);
    expect(calls).toEqual([
      `docker build --file apps/api/Dockerfile --tag ${REGISTRY}/api:${revision} --build-arg SOURCE_URL=https://example.invalid/dinosaurs --build-arg REVISION=${revision} --build-arg VERSION=1.0.0 apps/api`,
    ]);
  });

  it('names a local image dinosaurs/<app> when no REGISTRY is set', () => {
    const { calls } = deliver(['container', 'web']);
    expect(calls[0]).toContain(` --tag dinosaurs/web:${revision} `);
  });

  it('builds with podman, every layer anew and with the pull policy it is given, when CONTAINER_ENGINE says so', () => {
    const { status, calls } = deliver(['container', 'api', '--pull=never'], { CONTAINER_ENGINE: 'podman' });
    expect(status).toBe(0);
    expect(calls[0]).toMatch(/^podman build --pull=never --no-cache --file apps\/api\/Dockerfile /);
  });

  it('labels the source from GitHub Actions when it runs there', () => {
    const { calls } = deliver(['container', 'web'], {
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'someone/dinosaurs',
    });
    expect(calls[0]).toContain(' --build-arg SOURCE_URL=https://github.com/someone/dinosaurs ');
  });
});

describe('push', () => {
  it('pushes the commit-tagged image to REGISTRY', () => {
    expect(deliver(['push', 'web'], { REGISTRY }).calls).toEqual([`docker push ${REGISTRY}/web:${revision}`]);
  });

  it('loads the image into the kind cluster "dinosaurs" for the local environment', () => {
    expect(deliver(['push', 'api', '--env', 'local']).calls).toEqual([
      `kind load docker-image dinosaurs/api:${revision} --name dinosaurs`,
    ]);
  });

  it('loads the image into minikube when LOCAL_CLUSTER says so', () => {
    expect(deliver(['push', 'api', '--env', 'local'], { LOCAL_CLUSTER: 'minikube' }).calls).toEqual([
      `minikube image load dinosaurs/api:${revision}`,
    ]);
  });

  it('refuses to push anywhere without a REGISTRY, in one line', () => {
    const { status, stderr, calls } = deliver(['push', 'api']);
    expect([status, stderr, calls]).toEqual([
      1,
      'REGISTRY is not set: it must be a registry host and path without a scheme, e.g. europe-west1-docker.pkg.dev/my-project/dinosaurs\n',
      [],
    ]);
  });

  it('pushes with podman when CONTAINER_ENGINE says so', () => {
    expect(deliver(['push', 'web'], { REGISTRY, CONTAINER_ENGINE: 'podman' }).calls).toEqual([
      `podman push ${REGISTRY}/web:${revision}`,
    ]);
  });

  it('fails when the push fails', () => {
    const { status, stderr } = deliver(['push', 'api'], { REGISTRY, FAIL: 'docker push' });
    expect([status, stderr]).toEqual([1, 'push api failed\n']);
  });
});

describe('bad settings are refused in one line naming the variable', () => {
  it.each([
    [
      ['push', 'api'],
      { REGISTRY: 'https://registry.example' },
      'REGISTRY must be a registry host and path without a scheme, e.g. europe-west1-docker.pkg.dev/my-project/dinosaurs (got "https://registry.example")',
    ],
    [
      ['deploy', 'api', '--env', 'local'],
      { ROLLOUT_TIMEOUT: '5 minutes' },
      'ROLLOUT_TIMEOUT must be a duration like 90s or 5m (got "5 minutes")',
    ],
    [
      ['push', 'api', '--env', 'local'],
      { LOCAL_CLUSTER: 'docker-desktop' },
      'LOCAL_CLUSTER must be kind or minikube (got "docker-desktop")',
    ],
    [['deploy', 'api', '--env', 'staging'], {}, '--env must be one of local, gke (got "staging")'],
    [
      ['container', 'api'],
      { CONTAINER_ENGINE: 'nerdctl' },
      'CONTAINER_ENGINE must be docker or podman (got "nerdctl")',
    ],
    [
      ['container', 'api', '--pull', 'sometimes'],
      {},
      '--pull is for container, and must be one of always, missing, never, newer (got "sometimes")',
    ],
    [
      ['container', 'api', '--pull=never'],
      {},
      '--pull needs CONTAINER_ENGINE=podman: docker build takes no pull policy',
    ],
    [
      ['deploy', 'dinosaur-domain', '--env', 'local'],
      {},
      'deliver.mjs: no app "dinosaur-domain" with apps/dinosaur-domain/Dockerfile and k8s/dinosaur-domain',
    ],
    [['release', 'api'], {}, 'usage: deliver.mjs <container|push|deploy> <app> [--env local|gke] [--dry-run]'],
  ])('%j with %j', (args, settings, message) => {
    const { status, stderr, calls } = deliver(args, settings);
    expect([status, stderr, calls]).toEqual([1, `${message}\n`, []]);
  });
});

describe('deploy', () => {
  // What deploy asks the cluster where an autoscaler owns the count, and what the cluster answers.
  const LAST_APPLIED =
    '--ignore-not-found --output jsonpath={.metadata.annotations.kubectl\\.kubernetes\\.io/last-applied-configuration}';
  const READY = '--output jsonpath={.status.readyReplicas}';
  const applied = (spec: Record<string, unknown>) =>
    JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' }, spec });
  /** A Deployment the autoscaler already owns: its last apply had no replicas, and its three pods are ready. */
  const owned: Reply[] = [
    [LAST_APPLIED, applied({ revisionHistoryLimit: 5 })],
    [READY, '3'],
  ];

  it("applies the gke overlay with this commit, waits for the rollout, then for the autoscaler's minimum of ready pods", () => {
    const { status, stdout, calls } = deliver(['deploy', 'api', '--env', 'gke'], { REGISTRY }, owned);
    expect(status).toBe(0);
    expect(calls).toEqual([
      'kubectl kustomize dist/deploy/api-gke',
      `kubectl get deployment/api --namespace dinosaurs ${LAST_APPLIED}`,
      'kubectl apply --kustomize dist/deploy/api-gke',
      'kubectl rollout status deployment/api --namespace dinosaurs --timeout 5m',
      `kubectl get deployment/api --namespace dinosaurs ${READY}`,
    ]);
    expect(stdout).toContain(
      `deploy ${REGISTRY}/api:${revision} to gke (namespace dinosaurs) from dist/deploy/api-gke\n`,
    );
    expect(stdout).toContain(
      'waiting until deployment/api has 3 ready replicas, the minReplicas of HorizontalPodAutoscaler/api\n',
    );
    expect(stdout).toContain('deployment/api: 3 ready replicas\n');
  });

  it('after a first apply, keeps waiting while the autoscaler raises the one pod to its minimum', () => {
    const { status, calls } = deliver(['deploy', 'api', '--env', 'gke'], { REGISTRY }, [
      [LAST_APPLIED, ''],
      [READY, '1'],
      [READY, '1'],
      [READY, '3'],
    ]);
    expect(status).toBe(0);
    expect(calls.filter((call) => call.endsWith(READY))).toHaveLength(3);
  });

  it("fails in one line, without rolling back, when the autoscaler's minimum is not ready within ROLLOUT_TIMEOUT", () => {
    const { status, stderr, calls } = deliver(['deploy', 'web', '--env', 'gke'], { REGISTRY, ROLLOUT_TIMEOUT: '2s' }, [
      [LAST_APPLIED, ''],
      ...Array.from({ length: 10 }, (): Reply => [READY, '1']),
    ]);
    expect([status, stderr]).toEqual([
      1,
      'deploy: deployment/web has 1 ready replicas after 2s, fewer than the 2 of HorizontalPodAutoscaler/web: see kubectl describe hpa/web --namespace dinosaurs\n',
    ]);
    expect(calls.some((call) => call.includes('rollout undo'))).toBe(false);
  });

  it('hands a count last applied with replicas over to the autoscaler before applying, so it never drops to one pod', () => {
    const { status, calls } = deliver(['deploy', 'api', '--env', 'gke'], { REGISTRY }, [
      [LAST_APPLIED, applied({ replicas: 3, revisionHistoryLimit: 5 })],
      [READY, '3'],
    ]);
    expect(status).toBe(0);
    expect(calls.slice(1, 4)).toEqual([
      `kubectl get deployment/api --namespace dinosaurs ${LAST_APPLIED}`,
      `kubectl annotate --overwrite deployment/api --namespace dinosaurs kubectl.kubernetes.io/last-applied-configuration=${applied({ revisionHistoryLimit: 5 })}`,
      'kubectl apply --kustomize dist/deploy/api-gke',
    ]);
  });

  it("sets the overlay's image and version label to the commit, leaving selectors alone", () => {
    deliver(['deploy', 'web', '--env', 'gke'], { REGISTRY }, owned);
    const objects = render('dist/deploy/web-gke');
    const overlay = render('k8s/web/overlays/gke');
    const web = deployment(objects, 'web');
    expect(web.spec.template.spec.containers[0].image).toBe(`${REGISTRY}/web:${revision}`);
    expect(web.metadata.labels?.['app.kubernetes.io/version']).toBe(revision);
    expect(web.spec.template.metadata.labels['app.kubernetes.io/version']).toBe(revision);
    expect(web.spec.selector).toEqual(deployment(overlay, 'web').spec.selector);
    // Everything else is the overlay as it is.
    const rest = (list: K8sObject[]) => list.filter((o) => o.kind !== 'Deployment');
    expect(rest(objects)).toEqual(rest(overlay));
  });

  it("deploys to the kind cluster's context for the local environment, where no autoscaler needs waiting for, or to KUBE_CONTEXT", () => {
    expect(deliver(['deploy', 'web', '--env', 'local']).calls).toEqual([
      'kubectl kustomize dist/deploy/web-local',
      'kubectl --context kind-dinosaurs apply --kustomize dist/deploy/web-local',
      'kubectl --context kind-dinosaurs rollout status deployment/web --namespace dinosaurs --timeout 5m',
    ]);
    const { calls } = deliver(
      ['deploy', 'web', '--env', 'gke'],
      { REGISTRY, KUBE_CONTEXT: 'gke_p_europe-west1_dinosaurs' },
      owned,
    );
    expect(calls.slice(1).every((call) => call.startsWith('kubectl --context gke_p_europe-west1_dinosaurs '))).toBe(
      true,
    );
  });

  it('rolls back and fails when the rollout does not finish within ROLLOUT_TIMEOUT', () => {
    const { status, stderr, calls } = deliver(
      ['deploy', 'api', '--env', 'gke'],
      { REGISTRY, ROLLOUT_TIMEOUT: '90s', FAIL: 'rollout status' },
      owned,
    );
    expect(calls.slice(2)).toEqual([
      'kubectl apply --kustomize dist/deploy/api-gke',
      'kubectl rollout status deployment/api --namespace dinosaurs --timeout 90s',
      'kubectl rollout undo deployment/api --namespace dinosaurs',
    ]);
    expect([status, stderr]).toEqual([
      1,
      'deploy: deployment/api was not ready within 90s; rolled back to the previous revision\n',
    ]);
  });

  it('says so when the rollback fails too', () => {
    const { status, stderr } = deliver(['deploy', 'api', '--env', 'gke'], { REGISTRY, FAIL: 'rollout' }, owned);
    expect([status, stderr]).toEqual([1, 'deploy: deployment/api was not ready within 5m; the rollback failed too\n']);
  });

  it('stops without waiting when the apply fails', () => {
    const { status, stderr, calls } = deliver(['deploy', 'api', '--env', 'gke'], { REGISTRY, FAIL: 'apply' }, owned);
    expect([status, stderr, calls.slice(2)]).toEqual([
      1,
      'deploy: kubectl apply of dist/deploy/api-gke failed\n',
      ['kubectl apply --kustomize dist/deploy/api-gke'],
    ]);
  });

  it('stops in one line when it cannot read the Deployment', () => {
    const { status, stderr } = deliver(['deploy', 'api', '--env', 'gke'], { REGISTRY, FAIL: 'get deployment' });
    expect([status, stderr]).toEqual([1, 'deploy: kubectl could not read deployment/api\n']);
  });

  it('with --dry-run, renders what it would apply and prints the commands without running them', () => {
    const { status, stdout, calls } = deliver(['deploy', 'api', '--env', 'gke', '--dry-run'], { REGISTRY });
    expect(status).toBe(0);
    expect(calls).toEqual(['kubectl kustomize dist/deploy/api-gke']);
    expect(stdout.split('\n').filter((line) => line.startsWith('would'))).toEqual([
      `would run kubectl get deployment/api --namespace dinosaurs ${LAST_APPLIED}`,
      'would run kubectl apply --kustomize dist/deploy/api-gke',
      'would run kubectl rollout status deployment/api --namespace dinosaurs --timeout 5m',
      'would wait until deployment/api has 3 ready replicas, the minReplicas of HorizontalPodAutoscaler/api',
    ]);
    const manifests = readFileSync(join(workspace, 'dist/deploy/api-gke/manifests.yaml'), 'utf8');
    expect(manifests).toContain(`image: ${REGISTRY}/api:${revision}\n`);
  });
});

describe('the Nx targets', () => {
  /** Runs Nx in the workspace with the stand-ins on PATH. */
  function nx(args: string[], settings: Record<string, string> = {}) {
    const { env, record } = environment(settings);
    const result = spawnSync('npx', ['nx', ...args], {
      cwd: workspace,
      env: { ...env, NX_DAEMON: 'false', NX_TUI: 'false', FORCE_COLOR: '0' },
      encoding: 'utf8',
    });
    return { status: result.status, output: result.stdout + result.stderr, calls: recorded(record) };
  }

  it.each(['api', 'web'])('are inferred for %s, naming its image after the project', (app) => {
    const { targets } = JSON.parse(
      execFileSync('npx', ['nx', 'show', 'project', app, '--json'], {
        cwd: workspace,
        env: { ...process.env, NX_DAEMON: 'false' },
        encoding: 'utf8',
      }),
    ) as {
      targets: Record<
        string,
        {
          dependsOn?: string[];
          cache?: boolean;
          inputs?: (string | { runtime?: string })[];
          options: { command: string };
          configurations?: Record<string, { command: string }>;
        }
      >;
    };
    const deliverCommand = `node tools/delivery/src/deliver.mjs`;
    expect(targets.container.options.command).toBe(`${deliverCommand} container ${app}`);
    expect([targets.container.dependsOn, targets.container.cache]).toEqual([['build'], true]);
    expect([targets.push.dependsOn, targets.push.cache]).toEqual([['container'], false]);
    expect([targets.deploy.dependsOn, targets.deploy.cache]).toEqual([['push'], false]);
    expect(targets.deploy.configurations).toEqual({
      local: { command: `${deliverCommand} deploy ${app} --env local` },
      gke: { command: `${deliverCommand} deploy ${app} --env gke` },
    });
    expect(targets['deploy-plan'].configurations?.gke.command).toBe(
      `${deliverCommand} deploy ${app} --dry-run --env gke`,
    );
    expect(targets['k8s-validate'].options.command).toBe(`node tools/delivery/src/validate.mjs ${app}`);
    // Its cached result depends on every module of the validator: a change to a rule runs it again.
    const modules = [
      ...readFileSync(join(workspace, 'tools/delivery/src/validate.mjs'), 'utf8').matchAll(/from '\.\/(.+?)'/g),
    ];
    const runtime = targets['k8s-validate'].inputs?.flatMap((input) =>
      typeof input === 'string' ? [] : [input.runtime],
    );
    expect(modules.length).toBeGreaterThan(1);
    for (const [, module] of modules)
      expect(runtime).toContainEqual(expect.stringContaining(` tools/delivery/src/${module}`));
    // The manifests name the image the targets build.
    const image = deployment(render(`k8s/${app}/base`), app as 'api' | 'web').spec.template.spec.containers[0].image;
    expect(image).toBe(`dinosaurs/${app}:unreleased`);
  });

  it('build, then load the image into the local cluster, for `push -c local`', () => {
    // A registry of its own makes the cached container target run again, while the viewer's build
    // comes from the cache: rebuilding it would empty apps/web/dist under the e2e tests running beside.
    const registry = `test.invalid/run-${Date.now()}`;
    const { status, calls, output } = nx(['run', 'web:push', '-c', 'local'], { REGISTRY: registry });
    expect([status, output]).toEqual([0, expect.stringContaining('nx run web:push:local')]);
    expect(calls).toEqual([
      expect.stringMatching(new RegExp(`^docker build --file apps/web/Dockerfile --tag ${registry}/web:${revision} `)),
      `kind load docker-image ${registry}/web:${revision} --name dinosaurs`,
    ]);
  });

  it('plan a gke deploy without touching the cluster', () => {
    const { status, calls, output } = nx(['run', 'api:deploy-plan', '-c', 'gke'], { REGISTRY });
    expect(status).toBe(0);
    expect(output).toContain('would run kubectl apply --kustomize dist/deploy/api-gke');
    expect(calls.filter((call) => !call.startsWith('kubectl kustomize'))).toEqual([]);
  });
});
