import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IContainer, IProbe } from 'kubernetes-models/v1';
import { POD_SECURITY_VERSION } from './pod-security.mjs';
import { scales } from './replica-owners.mjs';
import {
  APPS,
  ENVIRONMENTS,
  configMap,
  deployment,
  freePort,
  type K8sObject,
  one,
  overlay,
  render,
  service,
  workspace,
} from '@dinosaurs/test-utils';

const read = (file: string) => readFileSync(join(workspace, file), 'utf8');
const container = (objects: K8sObject[], app: (typeof APPS)[number]): IContainer =>
  deployment(objects, app).spec.template.spec.containers[0];
const httpPort = (c: IContainer) => c.ports?.find((p) => p.name === 'http')?.containerPort;
const exposed = (app: string) => Number(read(`apps/${app}/Dockerfile`).match(/^EXPOSE (\d+)$/m)?.[1]);
const dockerUser = (app: string) => Number(read(`apps/${app}/Dockerfile`).match(/^USER (\d+):\d+$/m)?.[1]);
const selects = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

const everyOverlay = APPS.flatMap((app) => ENVIRONMENTS.map((environment) => [app, environment] as const));

describe.each(everyOverlay)('the %s manifests rendered for %s', (app, environment) => {
  const objects = overlay(app, environment);
  const pods = deployment(objects, app).spec.template.metadata.labels;

  it('put every object in the dinosaurs namespace, labelled as part of dinosaurs', () => {
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) {
      expect([`${object.kind}/${object.metadata.name}`, object.metadata.namespace]).toEqual([
        `${object.kind}/${object.metadata.name}`,
        'dinosaurs',
      ]);
    }
    for (const object of objects) expect(object.metadata.labels?.['app.kubernetes.io/part-of']).toBe('dinosaurs');
  });

  it("label the app's objects and pods with name, component and version", () => {
    const own = objects.filter((o) => o.metadata.labels?.['app.kubernetes.io/name'] === app);
    expect(own.map((o) => o.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        ...(environment === 'gke' ? ['HorizontalPodAutoscaler'] : []),
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Service',
        ...(app === 'api' && environment === 'gke' ? ['NetworkPolicy', 'PodMonitoring', 'Rules'] : []),
      ].sort(),
    );
    for (const object of own) expect(object.metadata.labels?.['app.kubernetes.io/component']).toMatch(/^(api|viewer)$/);
    expect(deployment(objects, app).metadata.labels?.['app.kubernetes.io/version']).toBe('unreleased');
    expect(pods).toEqual({
      'app.kubernetes.io/name': app,
      'app.kubernetes.io/part-of': 'dinosaurs',
      'app.kubernetes.io/component': app === 'api' ? 'api' : 'viewer',
      'app.kubernetes.io/version': 'unreleased',
    });
  });

  it('keep the selectors of the base: no overlay rewrites one', () => {
    const base = render(`k8s/${app}/base`);
    const selectors = (list: K8sObject[]) =>
      list
        .filter((o) => o.spec?.selector || o.spec?.podSelector)
        .map((o) => [`${o.kind}/${o.metadata.name}`, o.spec.selector ?? o.spec.podSelector]);
    expect(selectors(objects)).toEqual(expect.arrayContaining(selectors(base)));
    expect(deployment(objects, app).spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': app } });
  });

  it('select the pods from the Service, the budget and the network policy', () => {
    expect(selects(service(objects, app).spec.selector, pods)).toBe(true);
    expect(selects(one<K8sObject>(objects, 'PodDisruptionBudget', app).spec.selector.matchLabels, pods)).toBe(true);
    expect(selects(one<K8sObject>(objects, 'NetworkPolicy', app).spec.podSelector.matchLabels, pods)).toBe(true);
    expect(service(objects, app).spec.ports).toEqual([
      { name: 'http', port: app === 'api' ? 8084 : 80, targetPort: 'http', protocol: 'TCP' },
    ]);
  });

  it('listen on the port the image exposes, and probe it by name', () => {
    const c = container(objects, app);
    expect(httpPort(c)).toBe(exposed(app));
    const probes = [c.startupProbe, c.readinessProbe, c.livenessProbe] as IProbe[];
    for (const probe of probes) expect(probe?.httpGet?.port).toBe('http');
  });

  it('run the app unprivileged, read-only and limited, as the image user', () => {
    const pod = deployment(objects, app).spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: dockerUser(app),
      runAsGroup: dockerUser(app),
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const c = container(objects, app);
    expect(c.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    for (const kind of ['requests', 'limits'] as const) {
      expect(Object.keys(c.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
    }
    expect(pod.topologySpreadConstraints?.map((t) => t.topologyKey)).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
  });

  it('roll out one pod at a time without ever lowering the ready count', () => {
    const { spec } = deployment(objects, app);
    expect(spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } });
    expect(spec.minReadySeconds).toBeGreaterThan(0);
    expect(spec.progressDeadlineSeconds).toBeGreaterThan(spec.minReadySeconds ?? 0);
  });

  const replicas = app === 'api' ? 3 : 2;
  it(
    environment === 'gke'
      ? `leave the replica count to the HorizontalPodAutoscaler alone, at ${replicas} or more`
      : `fix the replica count at ${replicas} in the Deployment alone, with no autoscaler (no metrics to scale on)`,
    () => {
      const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
      const owners = [
        ...(deployment(objects, app).spec.replicas === undefined ? [] : [`Deployment/${app}`]),
        ...autoscalers.filter((o) => scales(o, deployment(objects, app))).map((o) => `${o.kind}/${o.metadata.name}`),
      ];
      if (environment === 'gke') {
        expect(owners).toEqual([`HorizontalPodAutoscaler/${app}`]);
        const hpa = one<K8sObject>(objects, 'HorizontalPodAutoscaler', app).spec;
        expect(hpa.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: app });
        expect(hpa.minReplicas).toBe(replicas);
      } else {
        expect([owners, autoscalers]).toEqual([[`Deployment/${app}`], []]);
        expect(deployment(objects, app).spec.replicas).toBe(replicas);
      }
      // The budget lets a drain take one pod while the others serve.
      expect(one<K8sObject>(objects, 'PodDisruptionBudget', app).spec.maxUnavailable).toBeLessThan(replicas);
    },
  );

  it(`expose the Service as ${environment === 'gke' ? 'a LoadBalancer' : 'ClusterIP'}`, () => {
    expect(service(objects, app).spec.type).toBe(environment === 'gke' ? 'LoadBalancer' : 'ClusterIP');
  });

  it(`put the namespace under the restricted Pod Security Standard, enforced, audited and warned of, at ${POD_SECURITY_VERSION}`, () => {
    expect(one<K8sObject>(objects, 'Namespace', 'dinosaurs').metadata.labels).toEqual({
      'app.kubernetes.io/part-of': 'dinosaurs',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': POD_SECURITY_VERSION,
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': POD_SECURITY_VERSION,
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': POD_SECURITY_VERSION,
    });
  });

  it('deny all traffic in the namespace but DNS and what each app allows', () => {
    expect(one<K8sObject>(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    const dns = one<K8sObject>(objects, 'NetworkPolicy', 'allow-dns').spec;
    expect(dns.egress[0].ports).toEqual([
      { protocol: 'UDP', port: 53 },
      { protocol: 'TCP', port: 53 },
    ]);
  });
});

describe('the pieces fit together', () => {
  const api = overlay('api', 'gke');
  const web = overlay('web', 'gke');

  it("listens on the API's default PORT, the port its ConfigMap sets", () => {
    const defaultPort = Number(
      read('apps/api/src/config/config.ts').match(/PORT: integer\(1, 65535\)\.default\((\d+)\)/)?.[1],
    );
    expect([defaultPort, Number(configMap(api, 'api').data.PORT), httpPort(container(api, 'api'))]).toEqual([
      8084, 8084, 8084,
    ]);
  });

  it("listens on nginx's default NGINX_PORT, the port the web ConfigMap sets", () => {
    const defaultPort = Number(
      read('apps/web/nginx/docker-entrypoint.d/19-viewer-defaults.envsh').match(
        /NGINX_PORT=\$\{NGINX_PORT-(\d+)\}/,
      )?.[1],
    );
    expect([defaultPort, Number(configMap(web, 'web').data.NGINX_PORT), httpPort(container(web, 'web'))]).toEqual([
      8080, 8080, 8080,
    ]);
  });

  it("points the viewer's API_UPSTREAM at the API Service's cluster DNS name and port", () => {
    const { metadata, spec } = service(api, 'api');
    expect(configMap(web, 'web').data.API_UPSTREAM).toBe(
      `http://${metadata.name}.${metadata.namespace}.svc.cluster.local:${spec.ports[0].port}`,
    );
  });

  it("lets the viewer's pods reach the API pods' port, and the API take them in", () => {
    const egress = one<K8sObject>(web, 'NetworkPolicy', 'web').spec.egress;
    expect(egress).toEqual([
      {
        to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'api' } } }],
        ports: [{ protocol: 'TCP', port: httpPort(container(api, 'api')) }],
      },
    ]);
    const ingress = one<K8sObject>(api, 'NetworkPolicy', 'api').spec.ingress;
    expect(ingress[0].from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'web' } } }]);
  });

  it('gives the API time to drain and finish its requests before Kubernetes kills it', () => {
    const { SHUTDOWN_DRAIN_MS, SHUTDOWN_TIMEOUT_MS } = configMap(api, 'api').data;
    // Kubernetes' defaults where a field is left out: 30 s of grace, a probe every 10 s, 3 failures.
    const grace = deployment(api, 'api').spec.template.spec.terminationGracePeriodSeconds ?? 30;
    expect(grace * 1000).toBeGreaterThan(Number(SHUTDOWN_DRAIN_MS) + Number(SHUTDOWN_TIMEOUT_MS));
    // Readiness fails at once on SIGTERM: the endpoints must drop the pod within the drain.
    const readiness = container(api, 'api').readinessProbe;
    expect((readiness?.periodSeconds ?? 10) * (readiness?.failureThreshold ?? 3) * 1000).toBeLessThan(
      Number(SHUTDOWN_DRAIN_MS),
    );
    expect(container(api, 'api').lifecycle).toBeUndefined();
  });

  it('keeps the viewer serving through its preStop pause, within its grace period', () => {
    const pod = deployment(web, 'web').spec.template.spec;
    expect(pod.containers[0].lifecycle?.preStop?.exec?.command).toEqual(['sleep', '5']);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(5);
    expect(pod.containers[0].volumeMounts?.map((m) => m.mountPath).sort()).toEqual(['/etc/nginx/conf.d', '/tmp']);
  });

  it('probes the viewer on a path its nginx configuration answers', () => {
    const template = read('apps/web/nginx/templates/default.conf.template');
    const c = container(web, 'web');
    for (const probe of [c.startupProbe, c.readinessProbe, c.livenessProbe]) {
      expect(template).toContain(`location = ${probe?.httpGet?.path} {`);
    }
  });

  it('scrapes the API pods on their http port, by PodMonitoring and by annotations', () => {
    const monitoring = one<K8sObject>(api, 'PodMonitoring', 'api').spec;
    expect(monitoring).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'api' } },
      endpoints: [{ port: 'http', path: '/metrics', interval: '30s' }],
    });
    expect(deployment(api, 'api').spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': String(httpPort(container(api, 'api'))),
      'prometheus.io/path': '/metrics',
    });
  });
});

/** The built API bundle, running on a free port. */
describe('the running API bundle', () => {
  let api: ChildProcess;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    api = spawn(process.execPath, [join(workspace, 'apps/api/dist/main.js')], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', SHUTDOWN_DRAIN_MS: '0' },
      stdio: 'ignore',
    });
    for (let attempt = 0; attempt < 100; attempt++) {
      const ready = await fetch(`${base}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the API bundle did not become ready: run `npx nx build api` first');
  });
  afterAll(() => api?.kill('SIGKILL'));

  it('answers 200 on every probe path of the Deployment', async () => {
    const c = container(overlay('api', 'gke'), 'api');
    const paths = [c.startupProbe, c.readinessProbe, c.livenessProbe].map((probe) => probe?.httpGet?.path);
    expect(paths).toEqual(['/health/live', '/health/ready', '/health/live']);
    for (const path of paths) expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 200]);
  });

  it('exposes every metric the Grafana dashboard plots, with the labels it filters on', async () => {
    await fetch(`${base}/dinosaurs`);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const dashboard = JSON.parse(read('k8s/api/monitoring/grafana-dashboard.json')) as {
      panels: { title: string; targets: { expr: string }[] }[];
    };
    const expressions = dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr));
    expect(expressions.length).toBeGreaterThanOrEqual(6);
    for (const expr of expressions) {
      // Names with a colon are the SLO rules' recordings; tools/monitoring evaluates those.
      for (const name of expr.match(/(?<![\w:])[a-z_]+(?=\{)/g) ?? [])
        expect(metrics).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
      for (const label of expr.match(/\b(route|status)(?==~?")/g) ?? [])
        expect(metrics).toMatch(new RegExp(`${label}="`));
    }
    expect(metrics).toMatch(/^http_request_duration_seconds_bucket\{[^}]*route="\/dinosaurs"/m);
    const titles = dashboard.panels.map((panel) => panel.title).join(' | ');
    expect(titles).toMatch(/Requests per second/);
    expect(titles).toMatch(/Errors/);
    expect(titles).toMatch(/Latency/);
  });
});
