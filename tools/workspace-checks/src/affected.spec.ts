import { execFileSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));

/** A throwaway git repository holding the workspace's files as they are now (deleted ones left out), on one commit. */
function scratchRepository(): string {
  const repo = mkdtempSync(join(tmpdir(), 'affected-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: workspace,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file && existsSync(join(workspace, file)));
  for (const file of files) {
    mkdirSync(dirname(join(repo, file)), { recursive: true });
    cpSync(join(workspace, file), join(repo, file));
  }
  symlinkSync(join(workspace, 'node_modules'), join(repo, 'node_modules'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '--all');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '--quiet', '--message=base');
  return repo;
}

describe('nx affected', () => {
  let repo: string;
  beforeAll(() => {
    repo = scratchRepository();
  });
  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  /** The projects Nx says a commit changing `file` affects. */
  function affectedBy(file: string, ...options: string[]): string[] {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'ignore' });
    appendFileSync(join(repo, file), '\n');
    git(
      '-c',
      'user.name=test',
      '-c',
      'user.email=test@example.invalid',
      'commit',
      '--quiet',
      '--all',
      '--message=change',
    );
    try {
      const out = execFileSync(
        'npx',
        ['nx', 'show', 'projects', '--affected', '--base=HEAD~1', '--head=HEAD', '--json', ...options],
        {
          cwd: repo,
          encoding: 'utf8',
          env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
        },
      );
      return (JSON.parse(out) as string[]).sort();
    } finally {
      git('reset', '--quiet', '--hard', 'HEAD~1');
    }
  }

  const everyJestProject = ['api', 'api-e2e', 'delivery', 'dinosaur-domain', 'monitoring', 'web', 'workspace-checks'];
  it.each([
    [
      'libs/dinosaur-domain/src/lib/dinosaurs.ts',
      ['api', 'api-e2e', 'bench', 'delivery', 'dinosaur-domain', 'image-check', 'monitoring', 'web', 'web-e2e'],
    ],
    // The viewer's browser tests run the built API behind nginx.
    ['apps/api/src/main.ts', ['api', 'api-e2e', 'bench', 'delivery', 'image-check', 'monitoring', 'web-e2e']],
    ['apps/api/esbuild.config.mjs', ['api', 'api-e2e', 'bench', 'delivery', 'image-check', 'monitoring', 'web-e2e']],
    ['apps/api-e2e/src/contract.spec.ts', ['api-e2e']],
    ['apps/web/src/app/App.tsx', ['delivery', 'image-check', 'web', 'web-e2e']],
    ['apps/web/nginx/templates/default.conf.template', ['delivery', 'image-check', 'web', 'web-e2e']],
    ['apps/web-e2e/src/viewer.spec.ts', ['web-e2e']],
    ['tools/workspace-checks/src/dependencies.spec.ts', ['workspace-checks']],
    // And what depends on the API: the benchmark, the image check and the viewer's browser tests.
    ['jest.preset.mjs', [...everyJestProject, 'bench', 'image-check', 'web-e2e'].sort()],
    // The test utilities: every project that imports them, and none that ships.
    [
      'libs/test-utils/src/haproxy.ts',
      ['api-e2e', 'bench', 'delivery', 'image-check', 'monitoring', 'test-utils', 'web-e2e'],
    ],
    [
      'libs/test-utils/reporters/jest-summary.mjs',
      [...everyJestProject, 'bench', 'image-check', 'test-utils', 'web-e2e'].sort(),
    ],
    [
      'libs/test-utils/reporters/playwright-summary.mjs',
      ['api-e2e', 'bench', 'delivery', 'image-check', 'monitoring', 'test-utils', 'web-e2e'],
    ],
    ['k8s/api/base/deployment.yaml', ['api', 'api-e2e', 'bench', 'delivery', 'image-check', 'monitoring', 'web-e2e']],
    // The SLOs: their tests, the manifests' checks, and the API, whose gke overlay ships the rules.
    ['k8s/api/monitoring/slos.yaml', ['api', 'api-e2e', 'bench', 'delivery', 'image-check', 'monitoring', 'web-e2e']],
    ['tools/monitoring/src/slo-rules.mjs', ['monitoring']],
    ['tools/delivery/src/deliver.mjs', ['delivery', 'image-check']],
    ['tools/image-check/src/engine.mjs', ['image-check']],
    ['tools/bench/src/bench.mjs', ['bench']],
    // Only the test that every link of the docs resolves.
    ['README.md', ['workspace-checks']],
  ])('a change to %s affects exactly %j', (file, projects) => {
    expect(affectedBy(file)).toEqual(projects);
  });

  it.each([
    ['libs/dinosaur-domain/src/lib/dinosaurs.ts', ['api', 'web']],
    ['apps/web/src/app/App.tsx', ['web']],
    ['apps/web/nginx/templates/default.conf.template', ['web']],
    ['apps/api/src/main.ts', ['api']],
    ['k8s/api/base/deployment.yaml', ['api']],
    ['k8s/api/overlays/gke/kustomization.yaml', ['api']],
    ['k8s/api/overlays/gke/rules.yaml', ['api']],
    ['k8s/web/base/deployment.yaml', ['web']],
    ['k8s/shared/namespace.yaml', ['api', 'web']],
    ['apps/api-e2e/src/contract.spec.ts', []],
    ['tools/delivery/src/deliver.mjs', []],
    ['tools/monitoring/src/slo-rules.mjs', []],
    ['tools/image-check/src/engine.mjs', []],
    ['libs/test-utils/src/haproxy.ts', []],
    ['README.md', []],
  ])('a change to %s redeploys exactly %j (nx show projects --affected -t deploy)', (file, projects) => {
    expect(affectedBy(file, '--withTarget=deploy')).toEqual(projects);
  });
});
