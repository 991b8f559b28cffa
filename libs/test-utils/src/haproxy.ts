// HAProxy as the load balancer in front of the API's replicas: Debian's package, run in the
// foreground from a config in a temporary folder, changed at run time over its admin socket the
// way a Kubernetes controller turns endpoint changes into server changes.
import { type ChildProcess, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { aptGetInstall } from './debian-packages';
import { freePort } from './free-port';

const BACKEND = 'api';
const NOBODY = 65534;

/** One row of HAProxy's `show stat`, keyed by its CSV header (`pxname`, `svname`, `status`, `stot`, `econ`…). */
export type HaproxyStats = Record<string, string>;

export interface BackendServer {
  readonly name: string;
  readonly port: number;
}

export interface Balancer {
  /** The frontend, on 127.0.0.1. */
  readonly url: string;
  stats(): Promise<HaproxyStats[]>;
  /** The backend's servers, by name. */
  servers(): Promise<HaproxyStats[]>;
  /** Adds a server and resolves once a health check has found it ready and it takes traffic. */
  addServer(name: string, port: number): Promise<void>;
  /** Sends it no new requests; those in flight go on. */
  disableServer(name: string): Promise<void>;
  /** Deletes a disabled server, once it has no connections left. */
  removeServer(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** HAProxies still running, killed if the process exits before they have been stopped. */
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill('SIGKILL')));

/** Where haproxy is: on PATH, or in /usr/sbin, which a Debian user's PATH lacks. */
function findHaproxy(): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin'];
  return dirs.map((dir) => join(dir, 'haproxy')).find((path) => existsSync(path));
}

/**
 * The path of Debian's haproxy, installed with apt-get first when it is missing and this is root.
 * Otherwise it throws one line that says what to install.
 */
export function ensureHaproxy(): string {
  const found = findHaproxy();
  if (found) return found;
  const installed = aptGetInstall(['haproxy']) && findHaproxy();
  if (!installed) throw new Error('the rolling restart needs Debian\'s haproxy: run "apt-get install haproxy" as root');
  return installed;
}

/**
 * Each server is health-checked on readiness as the Deployment's readiness probe checks it, with
 * its period shortened to fit a test: every 200 ms, up after one check that passes, out after two
 * that fail (`failureThreshold: 2`), a check failing if no answer came within 1 s (the probe's
 * default `timeoutSeconds`; see `timeout check`). On a busy machine every replica can be slow at
 * once, and with one 200 ms check each they would all be out together, the balancer answering 503
 * with no server to send to. Dynamic servers take no `default-server` settings, so every server
 * line spells them out.
 */
const SERVER_OPTIONS = 'check inter 200ms fall 2 rise 1';

function config(dir: string, port: number, servers: readonly BackendServer[]): string {
  return `global
    stats socket ${join(dir, 'admin.sock')} mode 600 level admin
    # One thread: the balancer is a small part of what runs, beside the replicas and the load.
    nbthread 1

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout check 1s
    # No retries and no redispatch: a request sent to a replica that refuses or drops it must come
    # back as an error, not be hidden by the balancer trying another one.
    retries 0

frontend http
    bind 127.0.0.1:${port}
    default_backend ${BACKEND}

backend ${BACKEND}
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
${servers.map(({ name, port }) => `    server ${name} 127.0.0.1:${port} ${SERVER_OPTIONS}`).join('\n')}
`;
}

/** Sends one command to the admin socket and resolves with its answer (the socket closes after it). */
function command(socketPath: string, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(socketPath, () => socket.end(`${line}\n`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.trim()));
  });
}

/** `show stat` as one object per row (frontend, servers, backend), keyed by the CSV header. */
function parseStats(csv: string): HaproxyStats[] {
  const [header = '', ...rows] = csv.split('\n').filter(Boolean);
  const keys = header.replace(/^# /, '').split(',');
  return rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [keys[i], value])));
}

async function until(
  what: string | (() => string),
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline)
      throw new Error(`haproxy: ${typeof what === 'function' ? what() : what} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * Starts haproxy on a free port of 127.0.0.1, balancing `servers` (`{ name, port }` on 127.0.0.1),
 * and resolves once it has seen every one of them pass a health check. As root it runs as nobody,
 * in a folder of its own that nobody can reach.
 */
export async function startHaproxy(servers: readonly BackendServer[]): Promise<Balancer> {
  const bin = ensureHaproxy();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'api-haproxy-'));
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, config(dir, port, servers));
  const asNobody = process.getuid?.() === 0 ? { uid: NOBODY, gid: NOBODY } : {};
  if (asNobody.uid) chownSync(dir, NOBODY, NOBODY);

  let output = '';
  // -db: stay in the foreground, as a child of this process; -W would add a master we do not need.
  // HAProxy returns to the folder it started in after reading its config, so it starts in its own:
  // as nobody it could not enter the caller's, e.g. a clone under a private home folder (mode 0700).
  const child = spawn(bin, ['-db', '-f', file], { ...asNobody, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  running.add(child);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      running.delete(child);
      resolve();
    }),
  );
  const isRunning = () => child.exitCode === null && child.signalCode === null;

  const socketPath = join(dir, 'admin.sock');
  /** Runs a command of the runtime API, which answers in prose: anything but `expected` is an error. */
  const admin = async (line: string, expected = '') => {
    const answer = await command(socketPath, line);
    if (answer !== expected) throw new Error(`haproxy: "${line}" answered "${answer}"`);
  };
  const stats = async () => parseStats(await command(socketPath, 'show stat'));
  const isUp = async (name: string) => {
    const row = (await stats()).find((candidate) => candidate.pxname === BACKEND && candidate.svname === name);
    return row?.status === 'UP' && row.check_status === 'L7OK';
  };

  const balancer: Balancer = {
    url: `http://127.0.0.1:${port}`,
    stats,
    async servers() {
      return (await stats()).filter((row) => row.pxname === BACKEND && !['FRONTEND', 'BACKEND'].includes(row.svname));
    },
    async addServer(name, serverPort) {
      // A new server starts in maintenance, with its checks off.
      await admin(`add server ${BACKEND}/${name} 127.0.0.1:${serverPort} ${SERVER_OPTIONS}`, 'New server registered.');
      await admin(`enable health ${BACKEND}/${name}`);
      await admin(`enable server ${BACKEND}/${name}`);
      await until(`${name} is not up`, () => isUp(name), 10_000);
    },
    async disableServer(name) {
      await admin(`disable server ${BACKEND}/${name}`);
    },
    async removeServer(name) {
      let refusal: Error | undefined;
      await until(
        () => `${name} is still there (${refusal?.message})`,
        () =>
          admin(`del server ${BACKEND}/${name}`, 'Server deleted.').then(
            () => true,
            (error: Error) => {
              refusal = error;
              return false;
            },
          ),
        10_000,
      );
    },
    async stop() {
      if (isRunning()) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    await until(
      'did not see every server up',
      async () => {
        if (!isRunning()) throw new Error(`haproxy exited:\n${output}`);
        if (!existsSync(socketPath)) return false;
        const up = await Promise.all(servers.map(({ name }) => isUp(name)));
        return up.every(Boolean);
      },
      10_000,
    );
  } catch (error) {
    await balancer.stop();
    throw error;
  }
  return balancer;
}
