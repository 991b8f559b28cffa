#!/usr/bin/env node
// What a rolling restart costs: three replicas of the built API behind HAProxy under steady load
// (autocannon, 10 connections, GET /dinosaurs), measured in steady state and while all three are
// replaced one by one, in alternating rounds. The machinery is the rolling-restart test's own
// (@dinosaurs/test-utils). Throughput is HAProxy's count of requests over the exact window;
// p99 is autocannon's. A benchmark, not a test: it fails only on errors, never on a figure.
//
//   npm run bench:rolling -- [--rounds 3] [--seconds 10] [--drain-ms 1500] [--node path]
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import {
  asImaged,
  killReplicas,
  prepareAsImaged,
  rollingRestart,
  startHaproxy,
  startLoad,
  startReplica,
} from '@dinosaurs/test-utils';
import { cpuSeconds, median, nodeOption, parseOptions } from './measure.mjs';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const { values } = parseOptions({
  options: {
    rounds: { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
    'drain-ms': { type: 'string', default: '1500' },
    node: { type: 'string' },
  },
});
// The Node the images run, as in the rolling-restart test, unless --node names another.
const node = nodeOption(values);
const rounds = Number(values.rounds);
const seconds = Number(values.seconds);

execFileSync('npx', ['nx', 'run', 'api:build'], { cwd: workspace, stdio: 'inherit' });
// The replicas run as the image runs them, with its environment and its code cache.
const api = asImaged(join(workspace, 'apps/api/Dockerfile'), join(workspace, 'apps/api/dist'), node);
prepareAsImaged(api, 18_090);
const [, bundle] = api.command;
const CONTRACT = await (async () => {
  // The body to expect, taken from a replica rather than restated here.
  const probe = await startReplica({ node, bundle, env: api.env });
  try {
    return await (await fetch(`${probe.url}/dinosaurs`)).text();
  } finally {
    await probe.kill();
  }
})();

const startupCpu = [];
const start = async () => {
  const replica = await startReplica({ node, bundle, env: { ...api.env, SHUTDOWN_DRAIN_MS: values['drain-ms'] } });
  // The CPU it used to become ready: what a new replica costs to start.
  startupCpu.push(cpuSeconds(replica.pid) * 1000);
  return replica;
};

/** Runs `during` under load; req/s from HAProxy's request count over exactly that window. */
async function measure(balancer, during) {
  const requestsSoFar = async () => Number((await balancer.stats()).find((row) => row.svname === 'FRONTEND').req_tot);
  const load = startLoad({ url: `${balancer.url}/dinosaurs`, expectBody: CONTRACT });
  await sleep(500); // connections open and busy before the window starts
  const [before, startedAt] = [await requestsSoFar(), Date.now()];
  const outcome = await during();
  const [after, windowMs] = [await requestsSoFar(), Date.now() - startedAt];
  const figures = await load.stop();
  const failed = figures.non2xx + figures.errors + figures.timeouts + figures.mismatches;
  return { outcome, seconds: windowMs / 1000, rps: ((after - before) * 1000) / windowMs, p99: figures.p99Ms, failed };
}

const loadBefore = loadavg()[0];
const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
let replicas = await Promise.all([start(), start(), start()]);
const balancer = await startHaproxy(replicas);
const rows = [];
try {
  await measure(balancer, () => sleep(5000)); // warm-up: JIT and connection pools
  for (let round = 1; round <= rounds; round++) {
    const steady = await measure(balancer, () => sleep(seconds * 1000));
    const roll = await measure(balancer, () => rollingRestart({ balancer, replicas, start }));
    replicas = roll.outcome.replicas;
    const exitCodes = roll.outcome.stopped.map(({ exitCode }) => exitCode);
    rows.push({ round, steady, roll, exitCodes });
    console.log(
      `round ${round}: steady ${Math.round(steady.rps)} req/s p99 ${steady.p99} ms; ` +
        `roll ${Math.round(roll.rps)} req/s p99 ${roll.p99} ms over ${roll.seconds.toFixed(1)} s, ` +
        `${roll.failed} failed, old replicas exited ${exitCodes.join(' ')}`,
    );
    await measure(balancer, () => sleep(3000)); // warm the new replicas up before the next steady window
  }
} finally {
  await balancer.stop();
  await killReplicas();
}

const cost = ({ steady, roll }) => 1 - roll.rps / steady.rps;
const percent = (fraction) => `${(100 * fraction).toFixed(0)}%`;
console.log(
  `\nrolling restart of 3 replicas behind HAProxy, Node ${version}, SHUTDOWN_DRAIN_MS=${values['drain-ms']}, ` +
    `${new Date().toISOString().slice(0, 10)}; load average ${loadBefore.toFixed(2)} before, ${loadavg()[0].toFixed(2)} after\n`,
);
console.log('| round | steady req/s | steady p99 | roll req/s | roll p99 | roll took | cost | failed requests |');
console.log('| ----: | -----------: | ---------: | ---------: | -------: | --------: | ---: | --------------: |');
for (const row of rows)
  console.log(
    `| ${row.round} | ${Math.round(row.steady.rps)} | ${row.steady.p99} ms | ${Math.round(row.roll.rps)} | ` +
      `${row.roll.p99} ms | ${row.roll.seconds.toFixed(1)} s | ${percent(cost(row))} | ${row.steady.failed + row.roll.failed} |`,
  );
console.log(
  `\nmedian of the rounds: the roll costs ${percent(median(rows.map(cost)))} of throughput (goal < 10%); ` +
    `a new replica uses ${Math.round(median(startupCpu))} ms of CPU to become ready (median)`,
);
const failures = rows.reduce(
  (sum, { steady, roll, exitCodes }) =>
    sum + steady.failed + roll.failed + exitCodes.filter((code) => code !== 0).length,
  0,
);
if (failures > 0) {
  console.error(`bench:rolling: ${failures} failed requests or non-zero exits`);
  process.exitCode = 1;
}
