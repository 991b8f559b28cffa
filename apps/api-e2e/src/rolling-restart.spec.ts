import { CONTRACT_JSON } from '@dinosaurs/dinosaur-domain/testing';
import { setTimeout as sleep } from 'node:timers/promises';
import { copyOfBundle, runtimes } from './bundle';
import {
  type Balancer,
  ensureHaproxy,
  killReplicas,
  rollingRestart,
  startHaproxy,
  startLoad,
  startReplica,
} from '@dinosaurs/test-utils';

/**
 * HAProxy's counters of failures, which must all stay at 0: requests it could not read, connections
 * to a replica that failed, replies cut short or missing, retries and redispatches, 5xx answers.
 */
const FAILURES = {
  FRONTEND: ['ereq', 'hrsp_5xx'],
  BACKEND: ['econ', 'eresp', 'srv_abrt', 'wretr', 'wredis', 'hrsp_5xx'],
} as const;

async function failuresCounted(balancer: Balancer): Promise<Record<string, Record<string, string | undefined>>> {
  const stats = await balancer.stats();
  return Object.fromEntries(
    Object.entries(FAILURES).map(([svname, counters]) => {
      const row = stats.find((candidate) => candidate['svname'] === svname) ?? {};
      return [svname, Object.fromEntries(counters.map((counter) => [counter, row[counter]]))];
    }),
  );
}

/** Resolves once the balancer has sent each of its servers a request: the load flows through them all. */
async function everyServerServed(balancer: Balancer): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await balancer.servers()).every((row) => Number(row['stot']) > 0)) {
    if (Date.now() > deadline)
      throw new Error(`not every server has had a request: ${JSON.stringify(await balancer.servers())}`);
    await sleep(100);
  }
}

// Rolled on the Node the images run, as a Deployment rolls them; one runtime keeps the spec short.
const [, imageNode] = runtimes();

describe(`three replicas of the built API on ${imageNode.label} behind HAProxy`, () => {
  const bundle = copyOfBundle();
  // A drain shorter than the default 5 s keeps the test short; it still far exceeds the moment the
  // balancer takes to stop sending (two 200 ms health checks, or the 250 ms "propagation").
  const start = () => startReplica({ node: imageNode.bin, bundle, env: { SHUTDOWN_DRAIN_MS: '1500' } });
  let balancer: Balancer | undefined;
  let load: ReturnType<typeof startLoad> | undefined;

  // Installing haproxy with apt-get, the first time, takes a while.
  beforeAll(() => ensureHaproxy(), 180_000);
  afterEach(async () => {
    await load?.stop().catch(() => undefined);
    await balancer?.stop();
    await killReplicas();
  });

  it('answers every request under load with 200 and the contract while each replica is replaced, and each old one exits 0', async () => {
    const replicas = await Promise.all([start(), start(), start()]);
    balancer = await startHaproxy(replicas);
    load = startLoad({ url: `${balancer.url}/dinosaurs`, expectBody: CONTRACT_JSON });
    // The roll starts and ends under traffic that reaches every replica.
    await everyServerServed(balancer);

    const roll = await rollingRestart({ balancer, replicas, start });
    await everyServerServed(balancer);
    const figures = await load.stop();

    console.log(
      `rolling restart on ${imageNode.label}: ${Math.round(figures.requestsPerSecond)} req/s, ` +
        `p99 ${figures.p99Ms} ms, ${figures.requests} requests in ${figures.seconds.toFixed(1)} s`,
    );
    expect(figures.statuses).toEqual({ 200: figures.requests });
    expect(figures).toMatchObject({ non2xx: 0, errors: 0, timeouts: 0, mismatches: 0 });
    expect(figures.ok).toBe(figures.requests);
    expect(roll.stopped.map(({ exitCode }) => exitCode)).toEqual([0, 0, 0]);
    // The new replicas, and only they, are left in the balancer, each of them up.
    expect((await balancer.servers()).map((row) => [row['svname'], row['status']])).toEqual(
      roll.replicas.map(({ name }) => [name, 'UP']),
    );
    // The balancer's own view: no request it could not pass on, no reply cut short.
    expect(await failuresCounted(balancer)).toEqual({
      FRONTEND: { ereq: '0', hrsp_5xx: '0' },
      BACKEND: { econ: '0', eresp: '0', srv_abrt: '0', wretr: '0', wredis: '0', hrsp_5xx: '0' },
    });
  }, 90_000);
});
