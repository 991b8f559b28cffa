import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { freePort } from '@dinosaurs/test-utils';
import { workspace } from '../slo-rules.mjs';

/** A process started by these tests, stopped by `stop()` or, whatever happens, by `stopAll()`. */
class Started {
  private static readonly all = new Set<Started>();
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;

  constructor(private readonly child: ChildProcess) {
    Started.all.add(this);
    for (const stream of [child.stdout, child.stderr])
      stream?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    this.exited = new Promise((resolve) => child.once('close', resolve)).then((code) => {
      Started.all.delete(this);
      return code as number | null;
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited within 5 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(killer);
  }

  static async stopAll(): Promise<void> {
    await Promise.all([...Started.all].map((process) => process.stop()));
  }
}
export const stopAll = () => Started.stopAll();

async function waitFor(what: string, ready: () => Promise<boolean>, process: Started, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} did not become ready: ${process.output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** One replica of the built API bundle on 127.0.0.1, as a pod of the Deployment would run it. */
export class Replica {
  private constructor(
    readonly pod: string,
    readonly url: string,
    private readonly process: Started,
  ) {}

  static async start(pod: string): Promise<Replica> {
    const port = await freePort();
    const child = spawn(process.execPath, [join(workspace, 'apps/api/dist/main.js')], {
      env: {
        PATH: process.env['PATH'],
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: 'warn',
        SHUTDOWN_DRAIN_MS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const replica = new Replica(pod, `http://127.0.0.1:${port}`, new Started(child));
    await waitFor(
      `the API replica ${pod}`,
      async () => (await fetch(`${replica.url}/health/ready`)).ok,
      replica.process,
    );
    return replica;
  }

  get address(): string {
    return new URL(this.url).host;
  }

  /** GETs `path` and returns the status, so that the traffic sent is the traffic counted. */
  async get(path: string): Promise<number> {
    const response = await fetch(`${this.url}${path}`);
    await response.arrayBuffer();
    return response.status;
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}

interface QueryResult {
  metric: Record<string, string>;
  value: [number, string];
}

/** Debian's Prometheus, scraping the replicas every second as GKE's PodMonitoring would, and evaluating `ruleFile`. */
export class Prometheus {
  private constructor(
    readonly url: string,
    private readonly process: Started,
  ) {}

  static async start(folder: string, ruleFile: string, replicas: Replica[]): Promise<Prometheus> {
    // The labels Managed Prometheus gives every target of a PodMonitoring: the namespace, the pod,
    // and the PodMonitoring's name as the job.
    const config = {
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: [ruleFile],
      scrape_configs: [
        {
          job_name: 'api',
          metrics_path: '/metrics',
          static_configs: replicas.map((replica) => ({
            targets: [replica.address],
            labels: { namespace: 'dinosaurs', pod: replica.pod },
          })),
        },
      ],
    };
    writeFileSync(join(folder, 'prometheus.yml'), stringify(config));
    const port = await freePort();
    const child = spawn(
      'prometheus',
      [
        `--config.file=${join(folder, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(folder, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
        '--log.level=warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const prometheus = new Prometheus(`http://127.0.0.1:${port}`, new Started(child));
    await waitFor('Prometheus', async () => (await fetch(`${prometheus.url}/-/ready`)).ok, prometheus.process);
    return prometheus;
  }

  /** An instant query at the present moment. */
  async query(expr: string): Promise<QueryResult[]> {
    const response = await fetch(`${this.url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    const body = (await response.json()) as { status: string; error?: string; data: { result: QueryResult[] } };
    if (body.status !== 'success') throw new Error(`${expr}: ${body.error}`);
    return body.data.result;
  }

  /** Polls `expr` until `done` accepts its result, for up to `timeoutMs`; returns the last result. */
  async until(expr: string, done: (result: QueryResult[]) => boolean, timeoutMs = 15_000): Promise<QueryResult[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const result = await this.query(expr);
      if (done(result) || Date.now() > deadline) return result;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}
