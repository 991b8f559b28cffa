#!/usr/bin/env node
// `npm run bench:duel -- <dist-a> <dist-b>`: two builds of the API side by side, to tell whether a
// change saves CPU when the machine's noise is larger than the saving. Both run as the image runs
// them (apps/api/Dockerfile's ENTRYPOINT and ENV, /app mapped onto each folder), at the same time on
// the same core, each under its own wrk on the other core, so that whatever the host does happens
// to both. Each round gives B's CPU time per request over A's; the rounds' median is the answer,
// and their spread says how far to trust it.
//
//   npm run bench:duel -- <dist-a> <dist-b> [--path /dinosaurs] [--rounds 7] [--seconds 5]
//                         [--connections 25] [--node path]
//
// A dist folder is what `nx run api:build` leaves in apps/api/dist: copy it aside, change the code,
// build again, and duel the copy against apps/api/dist.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { asImaged, prepareAsImaged } from '@dinosaurs/test-utils';
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
const execFileAsync = promisify(execFile);

function fail(message) {
  console.error(`bench:duel: ${message}`);
  process.exit(2);
}

const { values, positionals } = parseOptions({
  allowPositionals: true,
  options: {
    path: { type: 'string', default: '/dinosaurs' },
    rounds: { type: 'string', default: '7' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '25' },
    node: { type: 'string' },
  },
});
const badOption = notPositiveIntegers(values, ['rounds', 'seconds', 'connections']);
if (badOption) fail(badOption);
if (!values.path.startsWith('/')) fail(`--path must start with / (got "${values.path}")`);
if (positionals.length !== 2) fail('give two dist folders to compare, A then B');
const dists = positionals.map((dist) => resolve(dist));
for (const dist of dists) if (!existsSync(join(dist, 'main.js'))) fail(`${dist} holds no main.js: build it first`);

const missing = missingCommands({ wrk: 'wrk' });
if (missing) fail(missing);
if (!hasCommand('taskset') || cpus().length < 2) fail('needs taskset and two CPUs: the duel pins both servers to one');

const node = nodeOption(values);
const servers = dists.map((dist, index) => {
  const api = asImaged(join(workspace, 'apps/api/Dockerfile'), dist, node);
  const port = 18_180 + index;
  prepareAsImaged(api, port);
  const child = spawn('taskset', ['-c', '0', ...api.command], {
    env: { ...process.env, NODE_ENV: 'production', ...api.env, LOG_LEVEL: 'info', PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return { label: 'AB'[index], dist, port, child, cpuUs: [] };
});
process.on('exit', () => servers.forEach(({ child }) => child.kill('SIGKILL')));

for (const { label, port, child } of servers) {
  const deadline = Date.now() + 15_000;
  while ((await statusOf(port, values.path)) === 0) {
    if (child.exitCode !== null) fail(`${label} exited with ${child.exitCode} before it answered`);
    if (Date.now() > deadline) fail(`${label} did not answer ${values.path} within 15 s`);
    await sleep(20);
  }
}

/** wrk on CPU 1 against both servers at once; resolves with the requests each answered. */
function loadBoth(secs) {
  return Promise.all(
    servers.map(async ({ port }) => {
      const url = `http://127.0.0.1:${port}${values.path}`;
      const wrk = wrkArgs({ connections: values.connections, seconds: secs, url });
      const { stdout } = await execFileAsync('taskset', ['-c', '1', ...wrk]);
      return wrkFigures(stdout).requests;
    }),
  );
}

console.log(
  `A: ${dists[0]}\nB: ${dists[1]}\nGET ${values.path}, wrk -c${values.connections} each on CPU 1, both servers on CPU 0`,
);
await loadBoth(2);
for (let round = 1; round <= Number(values.rounds); round++) {
  const before = servers.map(({ child }) => cpuSeconds(child.pid));
  const requests = await loadBoth(Number(values.seconds));
  servers.forEach((server, index) =>
    server.cpuUs.push(((cpuSeconds(server.child.pid) - before[index]) * 1e6) / requests[index]),
  );
  const [a, b] = servers.map(({ cpuUs }) => cpuUs.at(-1));
  console.log(`round ${round}: A ${a.toFixed(1)} µs/req, B ${b.toFixed(1)} µs/req, B ÷ A ${(b / a).toFixed(3)}`);
}
const ratios = servers[1].cpuUs.map((b, index) => b / servers[0].cpuUs[index]);
console.log(
  `median: A ${median(servers[0].cpuUs).toFixed(1)} µs/req, B ${median(servers[1].cpuUs).toFixed(1)} µs/req; ` +
    `B uses ${median(ratios).toFixed(3)} of A's CPU per request (rounds ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`,
);
servers.forEach(({ child }) => child.kill('SIGTERM'));
