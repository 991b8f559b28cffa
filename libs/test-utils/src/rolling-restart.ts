// A rolling restart of API replicas behind a balancer, under load: what a Kubernetes Deployment
// with `maxUnavailable: 0` does, played with processes on 127.0.0.1: the e2e test's, and the
// rolling-restart benchmark's.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import type { Balancer } from './haproxy';
import { freePort } from './free-port';

export interface Replica {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  readonly url: string;
  /** The exit code, or null if a signal ended it. */
  readonly exited: Promise<number | null>;
  /** What Kubernetes sends a pod it deletes. */
  terminate(): void;
  kill(): Promise<void>;
}

export interface StoppedReplica {
  readonly name: string;
  readonly exitCode: number | null;
}

export interface LoadFigures {
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly mismatches: number;
  /** How many answers came with each status code. */
  readonly statuses: Readonly<Record<string, number>>;
}

/** Replicas still running, killed if the process exits before they have been stopped. */
const live = new Set<ChildProcess>();
process.on('exit', () => live.forEach((child) => child.kill('SIGKILL')));

/**
 * Starts `node bundle` on a free port of 127.0.0.1 with `env` added, and resolves once
 * `/health/ready` answers 200, as a readiness probe would see it.
 */
export async function startReplica({
  node = process.execPath,
  bundle,
  env = {},
}: {
  node?: string;
  bundle: string;
  env?: Record<string, string>;
}): Promise<Replica> {
  const port = await freePort();
  const child = spawn(node, [bundle], {
    env: { PATH: process.env.PATH, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // A binary that cannot be run leaves no pid, and says why in an 'error' event.
  if (child.pid === undefined) {
    const [error] = (await once(child, 'error')) as [Error];
    throw new Error(`cannot start ${node}: ${error.message}`);
  }
  const pid = child.pid;
  live.add(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    }),
  );
  const replica: Replica = {
    name: `api-${port}`,
    port,
    pid,
    url: `http://127.0.0.1:${port}`,
    exited,
    terminate: () => child.kill('SIGTERM'),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };

  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${replica.name} exited:\n${stderr}`);
    const status = await fetch(`${replica.url}/health/ready`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return replica;
    if (Date.now() > deadline) {
      await replica.kill();
      throw new Error(`${replica.name} was not ready within 20 s:\n${stderr}`);
    }
    await sleep(50);
  }
}

/** Kills every replica still running: the clean-up after a failure. */
export async function killReplicas(): Promise<void> {
  await Promise.all(
    [...live].map((child) => {
      child.kill('SIGKILL');
      return new Promise<void>((resolve) =>
        child.exitCode === null ? child.once('exit', () => resolve()) : resolve(),
      );
    }),
  );
}

async function exitWithin(replica: Replica, timeoutMs: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${replica.name} had not exited ${timeoutMs} ms after SIGTERM`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([replica.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Replaces each replica in turn, as a Deployment with `maxUnavailable: 0` does: start a new one and
 * wait until the balancer sees it up; SIGTERM an old one; take it out of the balancer
 * `propagationMs` later, as endpoint changes reach a real balancer a moment after the signal (the
 * replica's drain covers that moment); wait for it to exit. Resolves with the new replicas, and each
 * old one's exit code.
 */
export async function rollingRestart({
  balancer,
  replicas,
  start,
  propagationMs = 250,
  exitTimeoutMs = 30_000,
}: {
  balancer: Balancer;
  replicas: readonly Replica[];
  start: () => Promise<Replica>;
  propagationMs?: number;
  exitTimeoutMs?: number;
}): Promise<{ replicas: Replica[]; stopped: StoppedReplica[] }> {
  const started: Replica[] = [];
  const stopped: StoppedReplica[] = [];
  for (const old of replicas) {
    const replacement = await start();
    started.push(replacement);
    await balancer.addServer(replacement.name, replacement.port);

    old.terminate();
    await sleep(propagationMs);
    await balancer.disableServer(old.name);
    const exitCode = await exitWithin(old, exitTimeoutMs);
    await balancer.removeServer(old.name);
    stopped.push({ name: old.name, exitCode });
  }
  return { replicas: started, stopped };
}

/**
 * Steady load on `url` from `connections` keep-alive connections, until `stop()` (or `maxSeconds`,
 * a bound for when the caller fails before stopping it). Every response body is compared with
 * `expectBody`.
 */
export function startLoad({
  url,
  expectBody,
  connections = 10,
  maxSeconds = 120,
}: {
  url: string;
  expectBody?: string;
  connections?: number;
  maxSeconds?: number;
}): { stop(): Promise<LoadFigures> } {
  const startedAt = Date.now();
  // Without a callback, autocannon returns its instance made thenable, which its types do not say.
  const run = autocannon({ url, connections, duration: maxSeconds, expectBody }) as Promise<autocannon.Result> &
    autocannon.Instance;
  // Kept in a plain promise, and its failure held until stop() reads it.
  const result = new Promise<autocannon.Result>((resolve, reject) => run.then(resolve, reject));
  result.catch(() => undefined);
  return {
    /** Stops the load (at autocannon's next one-second tick) and resolves with its figures. */
    async stop() {
      run.stop();
      const done = await result;
      const seconds = (Date.now() - startedAt) / 1000;
      return {
        seconds,
        requests: done.requests.total,
        requestsPerSecond: done.requests.total / seconds,
        p99Ms: done.latency.p99,
        ok: done['2xx'],
        non2xx: done.non2xx,
        errors: done.errors,
        timeouts: done.timeouts,
        mismatches: done.mismatches,
        statuses: Object.fromEntries(
          Object.entries(done.statusCodeStats ?? {}).map(([code, { count = 0 }]) => [code, count]),
        ),
      };
    },
  };
}
