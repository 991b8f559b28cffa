#!/usr/bin/env node
// `npm run bench`: the API as its image runs it, beside the original Go design and bare node:http
// (Node's own ceiling), in one run of alternating rounds. Each server gets a core of its own and
// wrk another (taskset), as a pod with a 1-CPU limit runs, and each figure is a median of rounds.
// CPU time per request (the server's user + system time over the requests it answered) is the
// figure to compare: time the machine takes away from the server is not in it.
//
//   npm run bench -- [--rounds 5] [--seconds 8] [--connections 50] [--node path] [--no-pin]
//                    [--routes] [--profile] [--json out.json]
//
// --routes also loads the API's other paths (one dinosaur, a diet, a 404, a 304) each round.
// --profile runs the API once more under V8's CPU profiler and shows where its time goes, layer
// by layer (the profiler's own cost is left out: each layer's share is applied to the median).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { asImaged, prepareAsImaged } from '@dinosaurs/test-utils';
import { layerShares } from './layers.mjs';
import {
  cpuSeconds,
  hasCommand,
  median,
  missingCommands,
  notPositiveIntegers,
  nodeOption,
  parseOptions,
  statusOf,
  wrkArgs,
  wrkFigures,
} from './measure.mjs';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const { values } = parseOptions({
  options: {
    rounds: { type: 'string', default: '5' },
    seconds: { type: 'string', default: '8' },
    connections: { type: 'string', default: '50' },
    node: { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    routes: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    json: { type: 'string' },
  },
});
const badOption = notPositiveIntegers(values, ['rounds', 'seconds', 'connections']);
if (badOption) fail(badOption);
const node = nodeOption(values);
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

const missing = missingCommands({ go: 'golang-go', wrk: 'wrk' });
if (missing) fail(missing);
const pin = !values['no-pin'] && hasCommand('taskset') && cpus().length >= 2;
/** The servers on CPU 0, wrk on CPU 1. */
const onCpu = (cpu, command) => (pin ? ['taskset', '-c', String(cpu), ...command] : command);

const work = mkdtempSync(join(tmpdir(), 'dinosaurs-bench-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
execFileSync('go', ['build', '-o', join(work, 'go-reference'), 'main.go'], {
  cwd: join(here, 'go-reference'),
  env: { ...process.env, GOCACHE: join(work, 'go-cache'), GO111MODULE: 'off' },
});
execFileSync('npx', ['nx', 'run', 'api:build'], { cwd: workspace, stdio: ['ignore', 'ignore', 'inherit'] });

const api = asImaged(join(workspace, 'apps/api/Dockerfile'), join(workspace, 'apps/api/dist'), node);
prepareAsImaged(api, 18_090);
const bodyFile = join(work, 'dinosaurs.json');
const servers = {
  go: { command: [join(work, 'go-reference')], env: {} },
  'node:http': {
    command: [node, fileURLToPath(import.meta.resolve('@dinosaurs/test-utils/node-ceiling')), bodyFile],
    env: {},
  },
  // As the manifests deploy it: every request logged at info, to a stdout nobody reads here.
  api: { command: api.command, env: { ...api.env, LOG_LEVEL: 'info' } },
};

/** Spawns a server and times it from the spawn to its first 200 on /dinosaurs. */
async function start(name, port) {
  const { command, env } = servers[name];
  const [program, ...args] = onCpu(0, command);
  const startedAt = performance.now();
  const child = spawn(program, args, {
    env: { ...process.env, NODE_ENV: 'production', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  while (performance.now() - startedAt < 15_000) {
    if ((await statusOf(port)) === 200) return { child, coldMs: performance.now() - startedAt };
    if (child.exitCode !== null) fail(`${name} exited with ${child.exitCode} before it served GET /dinosaurs`);
    await sleep(2);
  }
  child.kill('SIGKILL');
  fail(`${name} did not answer GET /dinosaurs with 200 within 15 s`);
}

const peakRssMb = (pid) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/)[1]) / 1024;

function wrk(port, path, secs, header) {
  const [program, ...args] = onCpu(
    1,
    wrkArgs({ connections: values.connections, seconds: secs, url: `http://127.0.0.1:${port}${path}`, header }),
  );
  const { non2xx, socketErrors, ...figures } = wrkFigures(execFileSync(program, args, { encoding: 'utf8' }));
  return {
    ...figures,
    errors: socketErrors + (non2xx && !path.includes('barney') ? ` ${non2xx} non-2xx/3xx` : ''),
  };
}

/** Load on one path: a warm-up, then the measured run, with the server's CPU time over it. */
function load(child, port, path, header) {
  wrk(port, path, 2, header);
  const before = cpuSeconds(child.pid);
  const run = wrk(port, path, seconds, header);
  const cpuUs = ((cpuSeconds(child.pid) - before) * 1e6) / run.requests;
  if (run.errors) console.error(`bench: ${path} on port ${port}: ${run.errors}`);
  return { ...run, cpuUs };
}

async function stop(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

const ETAG = await (async () => {
  // The contract, from the API itself: the ceiling sends the same bytes, and the 304 run its tag.
  const { child } = await start('api', 18_090);
  const response = await fetch('http://127.0.0.1:18090/dinosaurs');
  writeFileSync(bodyFile, await response.text());
  await stop(child);
  return response.headers.get('etag');
})();
const ROUTES = {
  '/dinosaurs/tyrannosaurus': undefined,
  '/dinosaurs?diet=herbivorous': undefined,
  '/dinosaurs/barney (404)': undefined,
  '/dinosaurs (304)': `If-None-Match: ${ETAG}`,
};

const samples = [];
console.log(
  `${rounds} rounds of ${seconds} s, wrk -c${values.connections}, ${pin ? 'each server on CPU 0 and wrk on CPU 1' : 'unpinned'}; API: ${api.command.join(' ')}`,
);
for (let round = 0; round < rounds; round++) {
  // Alternating order, so that neither side always runs on a warmer or a quieter machine.
  const order = Object.keys(servers);
  if (round % 2) order.reverse();
  for (const name of order) {
    const port = 18_091 + Object.keys(servers).indexOf(name);
    const { child, coldMs } = await start(name, port);
    const result = { round, name, path: '/dinosaurs', coldMs, ...load(child, port, '/dinosaurs') };
    samples.push(result);
    if (name === 'api' && values.routes) {
      for (const [label, header] of Object.entries(ROUTES)) {
        samples.push({ round, name, path: label, ...load(child, port, label.split(' ')[0], header) });
      }
    }
    result.rssMb = peakRssMb(child.pid);
    await stop(child);
  }
  const line = order.map((name) => {
    const { rps, cpuUs, p99Ms } = samples.find((s) => s.round === round && s.name === name && s.path === '/dinosaurs');
    return `${name} ${cpuUs.toFixed(1)} µs/req ${rps.toFixed(0)} req/s p99 ${p99Ms.toFixed(2)} ms`;
  });
  console.log(`round ${round + 1}: ${line.join(' | ')}`);
}

/** The median over rounds of a figure, or of a figure per round of two samples. */
const over = (name, path, figure) =>
  median(
    [...Array(rounds).keys()].map((round) =>
      figure(
        samples.find((s) => s.round === round && s.name === name && s.path === path),
        round,
      ),
    ),
  );
const same = (name, round) => samples.find((s) => s.round === round && s.name === name && s.path === '/dinosaurs');
const rows = [];
for (const name of Object.keys(servers)) {
  const paths = [...new Set(samples.filter((s) => s.name === name).map((s) => s.path))];
  for (const path of paths) {
    const main = path === '/dinosaurs';
    rows.push({
      server: name,
      path,
      cpuUs: over(name, path, (s) => s.cpuUs),
      goOverIt: over(name, path, (s, round) => same('go', round).cpuUs / s.cpuUs),
      rps: over(name, path, (s) => s.rps),
      p99Ms: over(name, path, (s) => s.p99Ms),
      ...(main && {
        coldMs: over(name, path, (s) => s.coldMs),
        coldOverNode: over(name, path, (s, round) => s.coldMs / same('node:http', round).coldMs),
        rssMb: over(name, path, (s) => s.rssMb),
      }),
    });
  }
}
const cell = (value, digits) => (value === undefined ? '' : value.toFixed(digits));
console.log(`\nmedians of ${rounds} rounds, Node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}:`);
console.table(
  rows.map((row) => ({
    server: row.server,
    path: row.path,
    'CPU µs/req': cell(row.cpuUs, 1),
    "Go's CPU ÷ its": cell(row.goOverIt, 2),
    'req/s': cell(row.rps, 0),
    'p99 ms': cell(row.p99Ms, 2),
    'cold start ms': cell(row.coldMs, 0),
    'cold ÷ node:http': cell(row.coldOverNode, 2),
    'peak RSS MB': cell(row.rssMb, 0),
  })),
);
if (values.profile) {
  const [program, ...args] = api.command;
  servers.profiled = { ...servers.api, command: [program, '--cpu-prof', `--cpu-prof-dir=${work}`, ...args] };
  const { child } = await start('profiled', 18_095);
  load(child, 18_095, '/dinosaurs');
  await stop(child);
  const profile = readdirSync(work).find((name) => name.endsWith('.cpuprofile'));
  const cpuUs = rows.find((row) => row.server === 'api' && row.path === '/dinosaurs').cpuUs;
  console.log(`\nwhere the API's ${cpuUs.toFixed(1)} µs of CPU per GET /dinosaurs go:`);
  console.table(
    layerShares(join(work, profile), join(workspace, 'apps/api/dist/server.js.map')).map(({ layer, share }) => ({
      layer,
      share: `${(share * 100).toFixed(1)} %`,
      'µs/req': (share * cpuUs).toFixed(1),
    })),
  );
}
if (values.json) writeFileSync(values.json, JSON.stringify({ rounds, seconds, pin, rows, samples }, null, 2));
