import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspace } from './testing/k8s';

function validate(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(process.execPath, ['tools/delivery/src/validate.mjs', ...args], {
    cwd: workspace,
    env,
    encoding: 'utf8',
  });
  return { status: result.status, stdout: result.stdout, problems: result.stderr.split('\n').filter(Boolean) };
}

type Edit = readonly [file: string, edit: (text: string) => string];

/** A copy of k8s/ with the edits applied, removed after the test. */
function brokenCopy(...edits: Edit[]): string {
  const root = mkdtempSync(join(tmpdir(), 'k8s-'));
  copies.push(root);
  cpSync(join(workspace, 'k8s'), root, { recursive: true });
  for (const [file, edit] of edits) {
    const path = join(root, file);
    const before = readFileSync(path, 'utf8');
    if (edit(before) === before) throw new Error(`the edit changed nothing in ${file}`);
    writeFileSync(path, edit(before));
  }
  return root;
}
const copies: string[] = [];
afterEach(() => copies.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

describe('k8s-validate', () => {
  it('renders and accepts every overlay of both apps', () => {
    const { status, stdout, problems } = validate(['api', 'web']);
    expect([status, problems]).toEqual([0, []]);
    expect(stdout).toBe(
      [
        'k8s/api/overlays/gke: 12 objects, all valid',
        'k8s/api/overlays/local: 9 objects, all valid',
        'k8s/api/monitoring: 1 objects, all valid',
        'k8s/web/overlays/gke: 9 objects, all valid',
        'k8s/web/overlays/local: 9 objects, all valid',
        '',
      ].join('\n'),
    );
  });

  it('names the file, the object and the field of each problem, once for all the overlays it breaks', () => {
    const root = brokenCopy(
      // an unknown field, with the field it was meant to be
      ['api/base/deployment.yaml', (t) => t.replace('  replicas: 3', '  replica: 3')],
      // an unknown field deep in a list
      ['web/base/deployment.yaml', (t) => t.replace('readOnlyRootFilesystem: true', 'readOnlyRootFileSystem: true')],
      // a wrong type
      ['api/base/service.yaml', (t) => t.replace('port: 8084', 'port: "8084"')],
      // a value outside its enum
      ['api/base/poddisruptionbudget.yaml', (t) => `${t}  unhealthyPodEvictionPolicy: Always\n`],
      // a missing required field
      ['web/base/horizontalpodautoscaler.yaml', (t) => t.replace('  maxReplicas: 6\n', '')],
      // an unknown field of a custom resource
      ['api/overlays/gke/podmonitoring.yaml', (t) => t.replace('interval: 30s', 'intervall: 30s')],
      // a patch that breaks one overlay
      ['web/overlays/gke/service.yaml', (t) => t.replace('type: LoadBalancer', 'type: LoadBalancr')],
    );
    const { status, problems } = validate(['api', 'web', '--root', root]);
    const both = (app: string) => `(rendered by ${root}/${app}/overlays/gke, ${root}/${app}/overlays/local)`;
    expect(status).toBe(1);
    expect(problems.sort()).toEqual(
      [
        `${root}/api/base/deployment.yaml: Deployment/api: spec.replica: unknown field (did you mean "replicas"?) ${both('api')}`,
        `${root}/web/base/deployment.yaml: Deployment/web: spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem: unknown field (did you mean "readOnlyRootFilesystem"?) ${both('web')}`,
        `${root}/api/base/service.yaml: Service/api: spec.ports[0].port: must be integer ${both('api')}`,
        `${root}/api/base/poddisruptionbudget.yaml: PodDisruptionBudget/api: spec.unhealthyPodEvictionPolicy: must be equal to one of the allowed values: AlwaysAllow, IfHealthyBudget ${both('api')}`,
        `${root}/web/base/horizontalpodautoscaler.yaml: HorizontalPodAutoscaler/web: spec.maxReplicas: missing required field ${both('web')}`,
        `${root}/api/overlays/gke/podmonitoring.yaml: PodMonitoring/api: spec.endpoints[0].intervall: unknown field (did you mean "interval"?) (rendered by ${root}/api/overlays/gke)`,
        `${root}/web/overlays/gke/service.yaml: Service/web: spec.type: must be equal to one of the allowed values: ClusterIP, ExternalName, LoadBalancer, NodePort (rendered by ${root}/web/overlays/gke)`,
      ].sort(),
    );
  });

  it('names the overlay that kustomize cannot render', () => {
    const root = brokenCopy(['api/overlays/local/kustomization.yaml', (t) => t.replace('../../base', '../../bases')]);
    const { status, problems } = validate(['api', '--root', root]);
    expect(status).toBe(1);
    expect(problems[0]).toMatch(new RegExp(`^${root}/api/overlays/local: kubectl kustomize failed: .*bases`));
  });

  it('says in one line that it needs kubectl when there is none', () => {
    const { status, problems } = validate(['api'], { ...process.env, PATH: '/nonexistent' });
    expect([status, problems]).toEqual([
      1,
      ['k8s-validate needs kubectl (with its built-in kustomize) on PATH: install kubectl'],
    ]);
  });
});
