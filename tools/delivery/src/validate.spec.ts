import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspace } from '@dinosaurs/test-utils';

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
        'k8s/api/overlays/local: 8 objects, all valid',
        'k8s/api/monitoring: 1 objects, all valid',
        'k8s/web/overlays/gke: 9 objects, all valid',
        'k8s/web/overlays/local: 8 objects, all valid',
        '',
      ].join('\n'),
    );
  });

  it('names the file, the object and the field of each problem, once for all the overlays it breaks', () => {
    const root = brokenCopy(
      // an unknown field, with the field it was meant to be (and so no replica count at all)
      ['api/overlays/local/deployment.yaml', (t) => t.replace('  replicas: 3', '  replica: 3')],
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
        `${root}/api/overlays/local/deployment.yaml: Deployment/api: spec.replica: unknown field (did you mean "replicas"?) (rendered by ${root}/api/overlays/local)`,
        `${root}/api/base/deployment.yaml: Deployment/api: spec.replicas: unset, and no HorizontalPodAutoscaler scales it: set replicas, or add an autoscaler, or it runs one pod (rendered by ${root}/api/overlays/local)`,
        `${root}/web/base/deployment.yaml: Deployment/web: spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem: unknown field (did you mean "readOnlyRootFilesystem"?) ${both('web')}`,
        `${root}/api/base/service.yaml: Service/api: spec.ports[0].port: must be integer ${both('api')}`,
        `${root}/api/base/poddisruptionbudget.yaml: PodDisruptionBudget/api: spec.unhealthyPodEvictionPolicy: must be equal to one of the allowed values: AlwaysAllow, IfHealthyBudget ${both('api')}`,
        `${root}/web/base/horizontalpodautoscaler.yaml: HorizontalPodAutoscaler/web: spec.maxReplicas: missing required field (rendered by ${root}/web/overlays/gke)`,
        `${root}/api/overlays/gke/podmonitoring.yaml: PodMonitoring/api: spec.endpoints[0].intervall: unknown field (did you mean "interval"?) (rendered by ${root}/api/overlays/gke)`,
        `${root}/web/overlays/gke/service.yaml: Service/web: spec.type: must be equal to one of the allowed values: ClusterIP, ExternalName, LoadBalancer, NodePort (rendered by ${root}/web/overlays/gke)`,
      ].sort(),
    );
  });

  it('names each pod template field that the restricted Pod Security Standard forbids', () => {
    const root = brokenCopy(
      ['api/base/deployment.yaml', (t) => t.replace('        runAsNonRoot: true\n', '')],
      ['api/base/deployment.yaml', (t) => t.replace('type: RuntimeDefault', 'type: Unconfined')],
      [
        'web/base/deployment.yaml',
        (t) =>
          t.replace(
            '                - ALL\n',
            '                - ALL\n              add:\n                - NET_RAW\n',
          ),
      ],
      [
        'web/base/deployment.yaml',
        (t) => t.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true'),
      ],
      [
        'web/base/deployment.yaml',
        (t) =>
          t.replace(
            '      automountServiceAccountToken',
            '      hostNetwork: true\n      automountServiceAccountToken',
          ),
      ],
    );
    const { status, problems } = validate(['api', 'web', '--root', root]);
    const restricted = (control: string) => `(Pod Security "restricted" v1.33: ${control})`;
    const both = (app: string) => `(rendered by ${root}/${app}/overlays/gke, ${root}/${app}/overlays/local)`;
    const pod = 'spec.template.spec';
    expect(status).toBe(1);
    expect(problems.sort()).toEqual(
      [
        `${root}/api/base/deployment.yaml: Deployment/api: ${pod}.securityContext.runAsNonRoot: must be true, or be set true on every container (unset on api) ${restricted('Running as Non-root')} ${both('api')}`,
        `${root}/api/base/deployment.yaml: Deployment/api: ${pod}.securityContext.seccompProfile.type: must be RuntimeDefault or Localhost (is Unconfined) ${restricted('Seccomp')} ${both('api')}`,
        `${root}/web/base/deployment.yaml: Deployment/web: ${pod}.containers[0].securityContext.capabilities.add[0]: NET_RAW may not be added: only NET_BIND_SERVICE ${restricted('Capabilities')} ${both('web')}`,
        `${root}/web/base/deployment.yaml: Deployment/web: ${pod}.containers[0].securityContext.allowPrivilegeEscalation: must be false ${restricted('Privilege Escalation')} ${both('web')}`,
        `${root}/web/base/deployment.yaml: Deployment/web: ${pod}.hostNetwork: must be false or unset ${restricted('Host Namespaces')} ${both('web')}`,
      ].sort(),
    );
  });

  it('names a replica count with two owners, or none', () => {
    const root = brokenCopy(
      // the Deployment's own count beside the autoscaler's (the local overlay sets it anyway)
      ['api/base/deployment.yaml', (t) => t.replace('spec:\n', 'spec:\n  replicas: 3\n')],
      // the local overlay drops the autoscaler but no longer applies its patch with the count
      ['web/overlays/local/kustomization.yaml', (t) => t.replace('  - path: deployment.yaml\n', '')],
    );
    const { status, problems } = validate(['api', 'web', '--root', root]);
    expect([status, problems.sort()]).toEqual([
      1,
      [
        `${root}/api/base/deployment.yaml: Deployment/api: spec.replicas: the replica count has 2 owners (spec.replicas, HorizontalPodAutoscaler/api): leave replicas out where an autoscaler scales it (rendered by ${root}/api/overlays/gke)`,
        `${root}/web/overlays/local/deployment.yaml: Deployment/web: spec.replicas: unset, and no HorizontalPodAutoscaler scales it: set replicas, or add an autoscaler, or it runs one pod (rendered by ${root}/web/overlays/local)`,
      ],
    ]);
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
