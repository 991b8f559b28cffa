// The smoke test of the deployed Services: the API's /dinosaurs is the contract of
// @dinosaurs/dinosaur-domain byte for byte, and the viewer serves its page, its health check and that same
// body at /api/dinosaurs through its nginx. The kind job of .github/workflows/ci.yml runs it after
// `deploy -c local`; the image check runs it against the API and viewer containers it starts.
//
// Usage: node tools/delivery/src/smoke.mjs --port-forward
//        node tools/delivery/src/smoke.mjs --api <url> --web <url>
//   --port-forward  reaches each Service through `kubectl port-forward` on a free local port, as a
//                   user reaches a ClusterIP Service, in the kubectl context KUBE_CONTEXT (else the
//                   current one); the Service ports are read from the local overlays
//   --api, --web    the base URLs of the API and of the viewer, however they are reached
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { parseAllDocuments } from 'yaml';

const NAMESPACE = 'dinosaurs';
/** Each request is tried this often, a second apart, while a Service or its pods come up. */
const ATTEMPTS = 10;
const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const USAGE = 'usage: smoke.mjs --port-forward | --api <url> --web <url>';

const forwards = [];
process.on('exit', () => forwards.forEach((child) => child.kill()));

function fail(message) {
  console.error(message);
  process.exit(1);
}

/**
 * The body the API must serve: the domain's DINOSAURS serialized. The library is TypeScript and
 * this script runs on plain Node with no build step, so esbuild bundles its entry in memory.
 */
async function contract() {
  const {
    outputFiles: [bundle],
  } = await build({
    entryPoints: [join(workspace, 'libs/dinosaur-domain/src/index.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    logLevel: 'silent',
  });
  const { DINOSAURS } = await import(`data:text/javascript;base64,${Buffer.from(bundle.text).toString('base64')}`);
  return { body: JSON.stringify(DINOSAURS), count: DINOSAURS.length };
}

/** The body of a 200 answer to GET `url`, tried ATTEMPTS times; otherwise the run fails in one line. */
async function get(url) {
  for (let attempt = 1; ; attempt++) {
    let outcome;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
      if (response.ok) return await response.text();
      outcome = `answered ${response.status}`;
    } catch (error) {
      outcome = `failed (${error.cause?.code ?? error.cause?.message ?? error.message})`;
    }
    if (attempt === ATTEMPTS) fail(`smoke: GET ${url} ${outcome}, ${ATTEMPTS} times a second apart`);
    await sleep(1000);
  }
}

/** Where two bodies part, with a little of each around it. */
function difference(expected, actual) {
  let at = 0;
  while (at < expected.length && expected[at] === actual[at]) at++;
  const around = (text) => JSON.stringify(text.slice(Math.max(0, at - 10), at + 30));
  return `from byte ${at} it reads ${around(actual)} where ${around(expected)} was expected`;
}

/** The port of each app's Service, as the local overlay renders it. */
function servicePort(app) {
  let yaml;
  try {
    yaml = execFileSync('kubectl', ['kustomize', join(workspace, 'k8s', app, 'overlays/local')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    fail(
      error.code === 'ENOENT'
        ? 'smoke: --port-forward needs kubectl on PATH: install it'
        : `smoke: kubectl kustomize k8s/${app}/overlays/local failed: ${error.stderr?.trim()}`,
    );
  }
  const service = parseAllDocuments(yaml)
    .map((document) => document.toJS())
    .find((o) => o?.kind === 'Service' && o.metadata?.name === app);
  return service.spec.ports[0].port;
}

/** `kubectl port-forward` of an app's Service to a free local port; resolves with its URL. */
function portForward(app) {
  const context = process.env.KUBE_CONTEXT ? ['--context', process.env.KUBE_CONTEXT] : [];
  const args = [...context, 'port-forward', '--namespace', NAMESPACE, `service/${app}`, `:${servicePort(app)}`];
  console.log(`$ kubectl ${args.join(' ')}`);
  const child = spawn('kubectl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  forwards.push(child);
  let output = '';
  return new Promise((resolve) => {
    const timer = setTimeout(
      () => fail(`smoke: kubectl port-forward of service/${app} did not start in 30 s: ${output}`),
      30_000,
    );
    child.on('error', (error) =>
      fail(error.code === 'ENOENT' ? 'smoke: --port-forward needs kubectl on PATH: install it' : error.message),
    );
    child.on('exit', (code) =>
      fail(`smoke: kubectl port-forward of service/${app} exited (${code}): ${output.trim()}`),
    );
    child.stderr.on('data', (chunk) => (output += chunk));
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const port = /Forwarding from 127\.0\.0\.1:(\d+) ->/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
  });
}

let values;
try {
  ({ values } = parseArgs({
    options: { api: { type: 'string' }, web: { type: 'string' }, 'port-forward': { type: 'boolean', default: false } },
  }));
} catch {
  fail(USAGE);
}
const byUrl = values.api !== undefined || values.web !== undefined;
if (values['port-forward'] === byUrl) fail(USAGE);
const isHttp = (url) => URL.canParse(url) && ['http:', 'https:'].includes(new URL(url).protocol);
for (const name of ['api', 'web']) {
  if (byUrl && !isHttp(values[name] ?? ''))
    fail(`--${name} must be a URL such as http://127.0.0.1:8084 (got "${values[name] ?? ''}")`);
}
const base = (url) => url.replace(/\/+$/, '');
const [api, web] = byUrl ? [base(values.api), base(values.web)] : [await portForward('api'), await portForward('web')];

const expected = await contract();
const dinosaurs = await get(`${api}/dinosaurs`);
if (dinosaurs !== expected.body)
  fail(
    `smoke: GET ${api}/dinosaurs is not the contract of @dinosaurs/dinosaur-domain: ${difference(expected.body, dinosaurs)}`,
  );
console.log(`GET ${api}/dinosaurs: the contract, ${expected.count} dinosaurs in ${Buffer.byteLength(dinosaurs)} bytes`);

const proxied = await get(`${web}/api/dinosaurs`);
if (proxied !== dinosaurs)
  fail(`smoke: GET ${web}/api/dinosaurs is not the API's body: ${difference(dinosaurs, proxied)}`);
console.log(`GET ${web}/api/dinosaurs: the API's body, byte for byte`);

const page = await get(`${web}/`);
if (!page.includes('<div id="root">')) fail(`smoke: GET ${web}/ is not the viewer's page (no <div id="root">)`);
console.log(`GET ${web}/: the viewer's page`);

await get(`${web}/healthz`);
console.log(`GET ${web}/healthz: 200`);
console.log('smoke test passed');
process.exit(0);
