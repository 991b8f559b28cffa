// Renders every overlay of the given apps with `kubectl kustomize` and validates each object offline
// against the Kubernetes API schemas: kubernetes-models checks types, enums and required fields,
// and TypeScript's checker, walking each object beside its model's type, finds the fields no type
// declares (a misspelt `replica` would otherwise be dropped by the API server without a word).
// Then the rules a schema cannot state: every pod template against the restricted Pod Security
// Standard (pod-security.mjs), and one owner of each replica count (replica-owners.mjs). Each
// problem is one line naming the source file, the object and the field.
//
// Usage: node tools/delivery/src/validate.mjs <app>... [--root <k8s folder>]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { podSecurityProblems } from './pod-security.mjs';
import { replicaOwnerProblems } from './replica-owners.mjs';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));

/** The custom resources we use, checked against hand-written types (kubernetes-models has none): [file, type]. */
const CUSTOM_TYPES = {
  'monitoring.googleapis.com/v1/PodMonitoring': ['crds', 'PodMonitoring'],
  'monitoring.googleapis.com/v1/Rules': ['monitoring-crds', 'Rules'],
  'monitoring.coreos.com/v1/PrometheusRule': ['monitoring-crds', 'PrometheusRule'],
};

/** Renders one kustomization, or exits with one line when kubectl is missing. */
function render(directory) {
  try {
    return execFileSync('kubectl', ['kustomize', directory], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.code === 'ENOENT') {
      console.error('k8s-validate needs kubectl (with its built-in kustomize) on PATH: install kubectl');
      process.exit(1);
    }
    throw new Error(`${show(directory)}: kubectl kustomize failed: ${error.stderr.trim()}`);
  }
}

const parseYaml = (text) => parseAllDocuments(text).map((document) => document.toJS());
/** One model's own module, not its group's index, which would load every model of the group. */
const modelModule = ({ apiVersion, kind }) => `kubernetes-models/${apiVersion}/${kind}`;
function typeOf({ apiVersion, kind }) {
  const custom = CUSTOM_TYPES[`${apiVersion}/${kind}`];
  return custom
    ? `import(${JSON.stringify(join(here, custom[0]))}).${custom[1]}`
    : `import('${modelModule({ apiVersion, kind })}').I${kind}`;
}
const describe = (object) => `${object.kind}/${object.metadata?.name}`;
const fieldPath = (instancePath) =>
  instancePath
    .slice(1)
    .replace(/\/(\d+)(?=\/|$)/g, '[$1]')
    .replaceAll('/', '.');

/** kubernetes-models' checks: types, enums, formats and required fields. */
async function schemaProblems(object) {
  if (CUSTOM_TYPES[`${object.apiVersion}/${object.kind}`]) return [];
  const models = await import(modelModule(object)).catch(() => ({}));
  const Model = models[object.kind];
  if (!Model) return [{ path: 'kind', message: `no schema for ${object.apiVersion} ${object.kind}` }];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return (error.errors ?? [{ instancePath: '', message: error.message }]).map((e) => ({
      path: [fieldPath(e.instancePath), e.params?.missingProperty].filter(Boolean).join('.'),
      message: e.params?.missingProperty
        ? 'missing required field'
        : e.params?.allowedValues
          ? `${e.message}: ${e.params.allowedValues.join(', ')}`
          : e.message,
    }));
  }
}

/** The closest of `names` to a misspelt `name`, if one is within two edits. */
function closest(name, names) {
  const distance = (a, b) => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++)
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length];
  };
  return names
    .map((n) => [n, distance(name, n)])
    .filter(([, d]) => d <= 2)
    .sort((a, b) => a[1] - b[1])[0]?.[0];
}

/** Fields that no type declares: each object is walked beside its model's TypeScript type. */
function unknownFields(objects) {
  const source = objects.map((object, index) => `export declare const o${index}: ${typeOf(object)};`).join('\n');
  const file = join(here, '__manifests__.ts');
  const options = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists } = host;
  host.getSourceFile = (name, ...rest) =>
    name === file ? ts.createSourceFile(name, source, ts.ScriptTarget.Latest, true) : getSourceFile(name, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const checker = program.getTypeChecker();
  const declarations = program.getSourceFile(file).statements;

  const problems = [];
  const walk = (index, value, type, path) => {
    type = checker.getNonNullableType(type);
    if (value === null || typeof value !== 'object' || type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return;
    if (Array.isArray(value)) {
      const element = checker.getIndexTypeOfType(type, ts.IndexKind.Number);
      if (element) value.forEach((item, i) => walk(index, item, element, `${path}[${i}]`));
      return;
    }
    const byKey = checker.getIndexTypeOfType(type, ts.IndexKind.String);
    for (const [key, child] of Object.entries(value)) {
      const property = checker.getPropertyOfType(type, key);
      const childPath = path ? `${path}.${key}` : key;
      if (property) walk(index, child, checker.getTypeOfSymbol(property), childPath);
      else if (byKey) walk(index, child, byKey, childPath);
      else {
        const suggestion = closest(
          key,
          checker.getPropertiesOfType(type).map((p) => p.name),
        );
        problems.push({
          index,
          path: childPath,
          message: suggestion ? `unknown field (did you mean "${suggestion}"?)` : 'unknown field',
        });
      }
    }
  };
  objects.forEach((object, index) => {
    const name = declarations[index].declarationList.declarations[0].name;
    walk(index, object, checker.getTypeAtLocation(name), '');
  });
  return problems;
}

/** Every YAML file under `folder`, with the objects it holds. */
function sourceFiles(folder) {
  return readdirSync(folder, { recursive: true })
    .sort()
    .map((name) => join(folder, name))
    .filter((path) => /\.ya?ml$/.test(path) && statSync(path).isFile())
    .map((path) => ({ path, objects: parseYaml(readFileSync(path, 'utf8')) }));
}

const has = (object, path) =>
  path
    .split(/\.|(?=\[)/)
    .map((step) => (step.startsWith('[') ? Number(step.slice(1, -1)) : step))
    .reduce((node, key) => (node == null ? undefined : node[key]), object) !== undefined;

/** The file a problem is best reported in: the last one that declares the object and the field. */
function sourceOf(object, path, files) {
  const declaring = files.filter(({ objects }) =>
    objects.some((o) => o?.kind === object.kind && o?.metadata?.name === object.metadata?.name),
  );
  const candidates = declaring.filter(({ objects }) => objects.some((o) => o?.kind === object.kind && has(o, path)));
  const best = candidates.at(-1) ?? declaring[0];
  if (best || object.kind !== 'ConfigMap') return best?.path;
  // A generated ConfigMap's name carries a hash: it comes from a configMapGenerator.
  return files.find(
    ({ path: p }) => /kustomization\.ya?ml$/.test(p) && readFileSync(p, 'utf8').includes('configMapGenerator'),
  )?.path;
}

const show = (path) => (path.startsWith(workspace) ? relative(workspace, path) : path);

/**
 * Problems of the apps' overlays, one line each: `file: Kind/name: field: message (rendered by …)`,
 * and a summary line per overlay. One TypeScript program serves every object: building it is most
 * of the cost.
 */
async function validate(k8sRoot, apps) {
  const problems = [];
  const rendered = [];
  const shared = join(k8sRoot, 'shared');
  const sharedFiles = existsSync(shared) ? sourceFiles(shared) : [];
  for (const app of apps) {
    const overlays = join(k8sRoot, app, 'overlays');
    if (!existsSync(overlays)) {
      problems.push(`${show(overlays)}: no overlays to render`);
      continue;
    }
    const appFiles = sourceFiles(join(k8sRoot, app));
    const directories = readdirSync(overlays)
      .sort()
      .map((overlay) => join(overlays, overlay));
    // Manifests for clusters that no overlay is for (k8s/api/monitoring: prometheus-operator's).
    const monitoring = join(k8sRoot, app, 'monitoring');
    if (existsSync(join(monitoring, 'kustomization.yaml'))) directories.push(monitoring);
    for (const directory of directories) {
      // The base's files and this directory's own: another overlay's patch never explains a problem here.
      const files = [
        ...appFiles.filter(({ path }) => !path.startsWith(`${overlays}/`) || path.startsWith(`${directory}/`)),
        ...sharedFiles,
      ];
      try {
        rendered.push({ directory, files, objects: parseYaml(render(directory)).filter(Boolean) });
      } catch (error) {
        problems.push(error.message);
      }
    }
  }
  const all = rendered.flatMap(({ directory, files, objects }) =>
    objects.map((object) => ({ directory, files, object })),
  );
  const found = [
    ...(
      await Promise.all(all.map(async (entry) => (await schemaProblems(entry.object)).map((p) => ({ ...entry, ...p }))))
    ).flat(),
    ...unknownFields(all.map(({ object }) => object)).map((p) => ({ ...all[p.index], ...p })),
    ...all.flatMap((entry) => podSecurityProblems(entry.object).map((p) => ({ ...entry, ...p }))),
    ...rendered.flatMap(({ directory, files, objects }) =>
      replicaOwnerProblems(objects).map((p) => ({ directory, files, ...p })),
    ),
  ];
  const renderedBy = new Map();
  for (const { directory, files, object, path, message } of found) {
    const line = `${show(sourceOf(object, path, files) ?? directory)}: ${describe(object)}: ${path}: ${message}`;
    renderedBy.set(line, [...(renderedBy.get(line) ?? []), show(directory)]);
  }
  for (const [line, directories] of renderedBy) problems.push(`${line} (rendered by ${directories.join(', ')})`);
  return {
    problems,
    summary: rendered.map(({ directory, objects }) => `${show(directory)}: ${objects.length} objects`),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { positionals: apps, values } = parseArgs({ allowPositionals: true, options: { root: { type: 'string' } } });
  const { problems, summary } = await validate(values.root ?? join(workspace, 'k8s'), apps);
  for (const line of problems) console.error(line);
  if (problems.length > 0) process.exit(1);
  for (const line of summary) console.log(`${line}, all valid`);
}
