// Infers the delivery targets of every app that has a Dockerfile beside its project.json and its
// manifests under k8s/<project name>: one definition for all apps, nothing copied per project.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DELIVER = 'node tools/delivery/src/deliver.mjs';

/** What a deploy reads besides the app's own files, so that `nx affected` sees a manifest-only change. */
const manifestInputs = (app) => [`{workspaceRoot}/k8s/${app}/**/*`, '{workspaceRoot}/k8s/shared/**/*'];

/**
 * The delivery scripts, as an input that invalidates the cache when they change but, unlike a file
 * input, does not make Nx count the apps as affected: a change to the tooling redeploys nothing.
 */
const script = (...names) => ({ runtime: `cat ${names.map((name) => `tools/delivery/src/${name}`).join(' ')}` });

function deliveryTargets(app) {
  const byEnvironment = (command) => ({
    executor: 'nx:run-commands',
    defaultConfiguration: 'local',
    options: { command: `${command} --env local` },
    configurations: {
      local: { command: `${command} --env local` },
      gke: { command: `${command} --env gke` },
    },
  });
  return {
    container: {
      command: `${DELIVER} container ${app}`,
      dependsOn: ['build'],
      cache: true,
      // The tag is the commit, so the same sources on another commit build again.
      inputs: [
        'production',
        '^production',
        { env: 'REGISTRY' },
        { env: 'CONTAINER_ENGINE' },
        { runtime: 'git rev-parse HEAD' },
        script('deliver.mjs', 'replica-owners.mjs'),
      ],
      outputs: [],
    },
    push: {
      // `local` loads the image into the local cluster; otherwise it goes to REGISTRY.
      executor: 'nx:run-commands',
      options: { command: `${DELIVER} push ${app}` },
      configurations: { local: { command: `${DELIVER} push ${app} --env local` } },
      dependsOn: ['container'],
      cache: false,
    },
    deploy: {
      ...byEnvironment(`${DELIVER} deploy ${app}`),
      dependsOn: ['push'],
      cache: false,
      inputs: ['production', '^production', ...manifestInputs(app)],
    },
    'deploy-plan': {
      ...byEnvironment(`${DELIVER} deploy ${app} --dry-run`),
      cache: false,
      inputs: ['production', '^production', ...manifestInputs(app)],
    },
    'k8s-validate': {
      command: `node tools/delivery/src/validate.mjs ${app}`,
      cache: true,
      inputs: [
        ...manifestInputs(app),
        { externalDependencies: ['kubernetes-models', 'yaml', 'typescript'] },
        { runtime: 'kubectl version --client' },
        script('validate.mjs', 'pod-security.mjs', 'replica-owners.mjs', 'crds.d.ts', 'monitoring-crds.d.ts'),
      ],
      outputs: [],
    },
  };
}

export const createNodes = [
  '{apps,libs}/*/Dockerfile',
  (dockerfiles, _options, context) =>
    dockerfiles.flatMap((dockerfile) => {
      const root = dirname(dockerfile);
      const projectJson = join(context.workspaceRoot, root, 'project.json');
      if (!existsSync(projectJson)) return [];
      const { name } = JSON.parse(readFileSync(projectJson, 'utf8'));
      if (!existsSync(join(context.workspaceRoot, 'k8s', name))) return [];
      return [[dockerfile, { projects: { [root]: { targets: deliveryTargets(name) } } }]];
    }),
];
