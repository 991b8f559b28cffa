import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, nodeBinary } from '@dinosaurs/test-utils';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const dist = join(workspace, 'apps/api/dist');

/** A Node binary the bundle is tested on, labelled with the version it reports. */
export interface Runtime {
  readonly label: string;
  readonly bin: string;
}

function runtime(bin: string): Runtime {
  return { label: `Node ${execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()}`, bin };
}

/** The Node that runs the tests, and the Node that the container image runs. */
export function runtimes(): Runtime[] {
  return [runtime(process.execPath), runtime(nodeBinary())];
}

/**
 * A copy of the built bundle in an empty temporary folder, far from any node_modules, so a test
 * fails if the bundle reaches for a package it should have inlined. Call it in a describe block:
 * the copy is removed after the block's tests.
 */
export function copyOfBundle(): string {
  if (!existsSync(join(dist, 'main.js'))) throw new Error(`${dist}/main.js is missing: run \`npx nx build api\` first`);
  const folder = mkdtempSync(join(tmpdir(), 'api-bundle-'));
  cpSync(dist, folder, { recursive: true });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return join(folder, 'main.js');
}

/** The bundle running as a process, with what it has printed so far. */
export class RunningApi {
  private static readonly running = new Set<RunningApi>();
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private hasExited = false;

  private constructor(
    readonly process: ChildProcess,
    readonly port: number,
  ) {
    // Line by line: a chunk read from the pipe may end inside a line, which the next one finishes.
    const collect = (stream: NodeJS.ReadableStream | null, into: string[]) =>
      stream && createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => line && into.push(line));
    collect(process.stdout, this.stdout);
    collect(process.stderr, this.stderr);
    // 'close' rather than 'exit': it comes after the last output has been read.
    this.exited = new Promise((resolve) =>
      process.once('close', (code) => {
        this.hasExited = true;
        RunningApi.running.delete(this);
        resolve(code);
      }),
    );
  }

  /** Starts `node main.js` and resolves once it has logged that it listens, or has exited. */
  static async start(runtime: Runtime, bundle: string, env: Record<string, string> = {}): Promise<RunningApi> {
    const port = Number(env['PORT'] ?? (await freePort()));
    const child = spawn(runtime.bin, [bundle], {
      env: { PATH: process.env['PATH'], HOST: '127.0.0.1', PORT: String(port), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const api = new RunningApi(child, port);
    RunningApi.running.add(api);
    try {
      await api.waitForLog((line) => line['msg'] === 'dinosaur API listening');
    } catch (error) {
      if (!api.hasExited) throw error;
    }
    return api;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every stdout line that is JSON, parsed. */
  get logs(): Record<string, unknown>[] {
    return this.stdout.flatMap((line) => {
      try {
        return [JSON.parse(line)];
      } catch {
        return [];
      }
    });
  }

  async waitForLog(
    matches: (line: Record<string, unknown>) => boolean,
    timeoutMs = 10_000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const line = this.logs.find(matches);
      if (line) return line;
      if (this.hasExited) throw new Error(`exited before logging it; stderr: ${this.stderr.join('\n')}`);
      if (Date.now() > deadline)
        throw new Error(`no such log line within ${timeoutMs} ms; stdout: ${this.stdout.join('\n')}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Kills whatever a test left running, so that a failed test leaves no process behind. */
  static async stopAll(): Promise<void> {
    await Promise.all([...RunningApi.running].map((api) => api.stop()));
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) this.process.kill('SIGKILL');
    await this.exited;
  }
}
