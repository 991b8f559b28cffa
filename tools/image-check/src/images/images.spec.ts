// The image check: both apps' unchanged Dockerfiles built by the Nx `container` target with podman
// and --pull=never, on stand-ins of their base images (the check pulls from no public registry), pushed
// by the Nx `push` target to a local docker-registry, then run as the local overlays' Deployments
// say and probed over real HTTP on 127.0.0.1. Everything started is removed by its ID afterwards,
// on failure too. Needs root on Debian; what is missing is installed with apt-get.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONTRACT_JSON } from '@dinosaurs/dinosaur-domain/testing';
import {
  LOCAL_REGISTRY,
  PODMAN_DELIVERY_ENV,
  baseImage,
  buildStandIn,
  ensureEngine,
  podman,
  podmanStatus,
  qualified,
  registryManifest,
  skopeo,
  startRegistry,
} from '../engine.mjs';
import { type App, APPS, configMap, deployment, kubectlPath, overlay, workspace } from '@dinosaurs/test-utils';
import { type RunningPod, removeAll, runPod } from './pod';

const revision = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: workspace, encoding: 'utf8' }).trim();
const image = (app: App) => `${LOCAL_REGISTRY}/${app}:${revision}`;
// Rendered once: each render is a kubectl run.
const rendered = { api: overlay('api', 'local'), web: overlay('web', 'local') };
const manifests = (app: App) => rendered[app];
const SOURCE_URL = 'https://example.invalid/dinosaurs';

/** Runs Nx as a user would, with podman for docker and the local registry for REGISTRY. */
function nx(...args: string[]): string {
  const { status, stdout, stderr } = spawnSync('npx', ['nx', ...args, '--output-style=static'], {
    cwd: workspace,
    env: {
      ...process.env,
      ...PODMAN_DELIVERY_ENV,
      SOURCE_URL,
      NX_DAEMON: 'false',
      NX_TUI: 'false',
      FORCE_COLOR: '0',
    },
    encoding: 'utf8',
  });
  if (status !== 0) throw new Error(`nx ${args.join(' ')} failed:\n${(stdout + stderr).slice(-6000)}`);
  return stdout;
}

/**
 * kubectl for the kind job's smoke test (smoke.mjs --port-forward), since the check has no cluster:
 * `port-forward service/<app>` forwards a free local port to the container podman published for
 * that app (FORWARD_<APP>, host:port) and says so as kubectl does; `kustomize` goes to the real
 * kubectl. Each call is recorded.
 */
const PORT_FORWARD_STAND_IN = `#!${process.execPath}
const { appendFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { connect, createServer } = require('node:net');
const args = process.argv.slice(2);
appendFileSync(process.env.RECORD, 'kubectl ' + args.join(' ') + '\\n');
if (args[0] === 'kustomize') process.exit(spawnSync(process.env.REAL_KUBECTL, args, { stdio: 'inherit' }).status ?? 1);
const service = args.find((arg) => arg.startsWith('service/')).slice('service/'.length);
const [host, port] = process.env['FORWARD_' + service.toUpperCase()].split(':');
const server = createServer((socket) => {
  const upstream = connect(Number(port), host);
  socket.pipe(upstream).pipe(socket);
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
});
server.listen(0, '127.0.0.1', () =>
  console.log('Forwarding from 127.0.0.1:' + server.address().port + ' -> ' + args.at(-1).slice(1)),
);
`;

interface ImageConfig {
  User: string;
  Labels: Record<string, string>;
  StopSignal?: string;
}
const inspect = (reference: string) =>
  JSON.parse(podman('image', 'inspect', '--format', '{{json .Config}}', reference)) as ImageConfig;
const layers = (reference: string) =>
  JSON.parse(podman('image', 'inspect', '--format', '{{json .RootFS.Layers}}', reference)) as string[];

let registry: Awaited<ReturnType<typeof startRegistry>> | undefined;
let containerOutput = '';

beforeAll(async () => {
  ensureEngine();
  removeAll();
  for (const app of APPS) buildStandIn(baseImage(app));
  registry = await startRegistry();
  // The apps are built already (this target depends on their build): build and push only the images.
  containerOutput = nx(
    'run-many',
    '-t',
    'container',
    '-p',
    ...APPS,
    '--exclude-task-dependencies',
    '--skip-nx-cache',
    '--pull=never',
  );
  nx('run-many', '-t', 'push', '-p', ...APPS, '--exclude-task-dependencies');
}, 20 * 60_000);

afterAll(async () => {
  removeAll();
  await registry?.stop();
});

describe.each(APPS)('the %s image', (app) => {
  const pod = () => deployment(manifests(app), app).spec.template.spec;

  it('is built by the container target with podman build --pull=never, on the base its FROM line names', () => {
    expect(containerOutput).toContain(
      `podman build --pull=never --no-cache --file apps/${app}/Dockerfile --tag ${image(app)} `,
    );
    const base = layers(qualified(baseImage(app)));
    expect(layers(image(app)).slice(0, base.length)).toEqual(base);
  });

  it('carries the commit, the version and the source as OCI labels', () => {
    // The app's own version, or the workspace's for an app without a package.json (the viewer).
    const packageJson = [join(workspace, 'apps', app, 'package.json'), join(workspace, 'package.json')].find(
      existsSync,
    );
    const { version } = JSON.parse(readFileSync(packageJson ?? '', 'utf8')) as { version: string };
    expect(inspect(image(app)).Labels).toEqual(
      expect.objectContaining({
        'org.opencontainers.image.revision': revision,
        'org.opencontainers.image.version': version,
        'org.opencontainers.image.source': SOURCE_URL,
      }),
    );
  });

  it("runs as the manifest's non-root UID, named by number so that runAsNonRoot can check it", () => {
    const [uid] = inspect(image(app)).User.split(':');
    expect(uid).toMatch(/^[1-9]\d*$/);
    expect(Number(uid)).toBe(pod().securityContext?.runAsUser);
  });

  it('is in the local registry after the push target, layer for layer', () => {
    const manifest = registryManifest(image(app));
    expect(manifest.layers).toHaveLength(layers(image(app)).length);
    const labels = (JSON.parse(skopeo('inspect', `docker://${image(app)}`)) as { Labels: Record<string, string> })
      .Labels;
    expect(labels['org.opencontainers.image.revision']).toBe(revision);
  });
});

describe('run as the local overlays say', () => {
  let api: RunningPod;
  let web: RunningPod;

  beforeAll(async () => {
    api = await runPod(manifests('api'), 'api', image('api'));
    await api.started();
    // The API Service's name, as the web ConfigMap's API_UPSTREAM says it, leads to the API container.
    const webObjects = manifests('web');
    const upstream = new URL(configMap(webObjects, 'web').data['API_UPSTREAM'] ?? '').hostname;
    web = await runPod(webObjects, 'web', image('web'), { extraFlags: ['--add-host', `${upstream}:${api.address()}`] });
    await web.started();
  }, 60_000);

  it.each(['startupProbe', 'readinessProbe', 'livenessProbe'] as const)('the API passes its %s', async (probe) => {
    expect(await api.probe(api[probe])).toBe(200);
  });

  it('the API serves the dinosaurs, byte for byte as the Go service did', async () => {
    const response = await fetch(`${api.urls['http']}/dinosaurs`);
    expect([response.status, await response.text()]).toEqual([200, CONTRACT_JSON]);
  });

  it.each(['startupProbe', 'readinessProbe', 'livenessProbe'] as const)('the viewer passes its %s', async (probe) => {
    expect(await web.probe(web[probe])).toBe(200);
  });

  it('the viewer serves its page, and /api/dinosaurs from the API container', async () => {
    const page = await fetch(`${web.urls['http']}/`);
    expect([page.status, await page.text()]).toEqual([200, expect.stringContaining('<div id="root">')]);
    const dinosaurs = await fetch(`${web.urls['http']}/api/dinosaurs`);
    expect([dinosaurs.status, await dinosaurs.text()]).toEqual([200, CONTRACT_JSON]);
  });

  it("passes the kind job's smoke test, reached through each Service's port-forward as the workflow reaches it", () => {
    const standIns = mkdtempSync(join(tmpdir(), 'smoke-kubectl-'));
    try {
      writeFileSync(join(standIns, 'kubectl'), PORT_FORWARD_STAND_IN, { mode: 0o755 });
      const record = join(standIns, 'calls');
      writeFileSync(record, '');
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${standIns}:${process.env['PATH']}`,
        RECORD: record,
        REAL_KUBECTL: kubectlPath(),
        FORWARD_API: new URL(api.urls['http'] ?? '').host,
        FORWARD_WEB: new URL(web.urls['http'] ?? '').host,
      };
      delete env['KUBE_CONTEXT'];
      const { status, stdout, stderr } = spawnSync(
        process.execPath,
        ['tools/delivery/src/smoke.mjs', '--port-forward'],
        { cwd: workspace, env, encoding: 'utf8', timeout: 60_000 },
      );
      expect([status, stderr]).toEqual([0, '']);
      expect(stdout).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/dinosaurs: the contract, 5 dinosaurs in \d+ bytes$/m);
      expect(stdout).toMatch(/^GET http:\/\/127\.0\.0\.1:\d+\/api\/dinosaurs: the API's body, byte for byte$/m);
      expect(stdout).toMatch(/\nsmoke test passed\n$/);
      // The Services' ports, as the local overlays render them.
      expect(readFileSync(record, 'utf8').match(/^kubectl port-forward .*$/gm)).toEqual([
        'kubectl port-forward --namespace dinosaurs service/api :8084',
        'kubectl port-forward --namespace dinosaurs service/web :80',
      ]);
    } finally {
      rmSync(standIns, { recursive: true, force: true });
    }
  });

  it.each([
    ['api', '/app/written-at-run-time'],
    ['web', '/usr/share/nginx/html/written-at-run-time'],
  ] as const)('the %s container cannot write to its root filesystem (%s)', (app, path) => {
    const { status, stderr } = podmanStatus('exec', app === 'api' ? api.id : web.id, 'touch', path);
    expect([status, stderr]).toEqual([1, expect.stringContaining('Read-only file system')]);
  });

  it('the viewer rendered its template into the conf.d emptyDir when it started', () => {
    const config = podman('exec', web.id, 'cat', '/etc/nginx/conf.d/default.conf');
    expect(config).toContain(`listen 8080;`);
    expect(config).toMatch(/server api\.dinosaurs\.svc\.cluster\.local:8084;/);
  });

  it.each(['api', 'web'] as const)('the %s process has no capabilities and runs as its UID', (app) => {
    const status = podman('exec', app === 'api' ? api.id : web.id, 'cat', '/proc/1/status');
    expect(status).toMatch(/^CapEff:\s+0{16}$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    const uid = deployment(manifests(app), app).spec.template.spec.securityContext?.runAsUser;
    expect(status).toMatch(new RegExp(`^Uid:\\s+${uid}\\s+${uid}\\s+${uid}\\s+${uid}$`, 'm'));
  });

  it('on SIGTERM the API turns readiness to 503 and keeps serving through its drain, then exits 0 in its grace period', async () => {
    const signalled = Date.now();
    podman('kill', '--signal', 'TERM', api.id);
    let ready = 200;
    while (ready === 200 && Date.now() - signalled < 5000) ready = await api.probe(api.readinessProbe);
    expect(ready).toBe(503);
    const [live, dinosaurs, proxied] = await Promise.all([
      api.probe(api.livenessProbe),
      fetch(`${api.urls['http']}/dinosaurs`).then((response) => response.status),
      fetch(`${web.urls['http']}/api/dinosaurs`).then((response) => response.status),
    ]);
    expect([live, dinosaurs, proxied]).toEqual([200, 200, 200]);
    // The kubelet's SIGKILL would come at the end of the grace period.
    const left = api.terminationGracePeriodSeconds * 1000 - (Date.now() - signalled);
    expect(await api.exitCode(left)).toBe(0);
    expect(api.logs()).toContain('draining: readiness is 503, still serving');
  }, 30_000);

  it('stopped as the kubelet stops it (preStop, then the image stop signal), the viewer shuts down gracefully and exits 0', async () => {
    expect(inspect(image('web')).StopSignal).toBe('SIGQUIT');
    web.stop();
    expect(await web.exitCode(0)).toBe(0);
    expect(web.logs()).toContain('gracefully shutting down');
  }, 30_000);
});

describe('the API container, as its image starts it', () => {
  /** The value the API's Dockerfile gives a variable with ENV. */
  const dockerfileEnv = (name: string) =>
    readFileSync(join(workspace, 'apps/api/Dockerfile'), 'utf8').match(new RegExp(`\\b${name}="?([^"\\s]+)`))?.[1];

  it("runs the bundle from the code cache built into the image, with the image's V8 flags and malloc arenas", async () => {
    const pod = await runPod(manifests('api'), 'api', image('api'));
    await pod.started();

    expect(pod.logs()).toContain('"codeCache":"accepted"');
    const environment = podman('exec', pod.id, 'cat', '/proc/1/environ').split('\0');
    expect(environment).toEqual(
      expect.arrayContaining([
        `NODE_OPTIONS=${dockerfileEnv('NODE_OPTIONS')}`,
        `CODE_CACHE=${dockerfileEnv('CODE_CACHE')}`,
        `MALLOC_ARENA_MAX=${dockerfileEnv('MALLOC_ARENA_MAX')}`,
      ]),
    );
  });

  it('starts, podman run to its first 200, beside bare node:http run the same way on its base (printed)', async () => {
    // Bare node:http, the benchmark's ceiling, in a container of the API's base image with the API
    // container's user, limits and read-only root: what any Node server there needs to start.
    const ceiling = mkdtempSync(join(tmpdir(), 'node-ceiling-'));
    chmodSync(ceiling, 0o755);
    copyFileSync(
      createRequire(import.meta.url).resolve('@dinosaurs/test-utils/node-ceiling'),
      join(ceiling, 'node-ceiling.mjs'),
    );
    writeFileSync(join(ceiling, 'dinosaurs.json'), CONTRACT_JSON, { mode: 0o644 });
    const starts = {
      api: () => runPod(manifests('api'), 'api', image('api')),
      'node:http': () =>
        runPod(manifests('api'), 'api', qualified(baseImage('api')), {
          overrides: { HOST: '0.0.0.0' },
          extraFlags: ['--mount', `type=bind,source=${ceiling},destination=/ceiling,ro`],
          command: ['node', '/ceiling/node-ceiling.mjs', '/ceiling/dinosaurs.json'],
        }),
    };
    const coldStarts: Record<string, number[]> = { api: [], 'node:http': [] };
    try {
      for (let round = 0; round < 3; round++) {
        for (const [name, start] of Object.entries(starts)) {
          const startedAt = performance.now();
          const pod = await start();
          let status = 0;
          while (status !== 200 && performance.now() - startedAt < 30_000) {
            status = await fetch(`${pod.urls['http']}/dinosaurs`).then(
              (response) => response.status,
              () => 0,
            );
          }
          coldStarts[name]?.push(performance.now() - startedAt);
          podman('rm', '--force', '--time', '0', pod.id);
          expect(status).toBe(200);
        }
      }
    } finally {
      rmSync(ceiling, { recursive: true, force: true });
    }

    const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[1] ?? NaN;
    const [api, bare] = [median(coldStarts.api ?? []), median(coldStarts['node:http'] ?? [])];
    console.log(
      `cold start in a container, podman run to the first 200 (median of 3): ` +
        `api ${api.toFixed(0)} ms, node:http ${bare.toFixed(0)} ms on the same base, ${(api / bare).toFixed(2)}×`,
    );
  }, 120_000);
});

describe('the viewer image with a bad API_UPSTREAM', () => {
  it('stops before nginx starts, with one line naming the variable', async () => {
    const pod = await runPod(manifests('web'), 'web', image('web'), {
      overrides: { API_UPSTREAM: 'https://api:8084' },
    });
    expect(await pod.exitCode(10_000)).toBe(1);
    expect(pod.logs()).toContain('API_UPSTREAM must be http://host:port or host:port (got "https://api:8084")');
  });
});
