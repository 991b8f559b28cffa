import { type ChildProcess, execFileSync, spawn, type SpawnOptions } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { sourceNginxDefaults } from './nginx-defaults';
import { findNginx } from './system';
import { freePort } from '@dinosaurs/test-utils';

const workspace = fileURLToPath(new URL('../../../..', import.meta.url));

/** The built API, running on a fixed port. */
interface Api {
  readonly url: string;
  readonly running: boolean;
  /** Starts it, on the same port as before; resolves once it is ready. */
  start(): Promise<void>;
  /** SIGTERM, SIGKILL if it is still there 5 s later; resolves once it has exited. */
  stop(): Promise<void>;
}

/** The viewer's production nginx config, serving the built viewer in front of the built API. */
export interface Stack {
  /** nginx's base URL. */
  readonly url: string;
  /** The folder nginx serves: a copy of apps/web/dist. */
  readonly webRoot: string;
  /** nginx's error log so far (level warn and above). */
  errorLog(): string;
  readonly api: Api;
  /** Stops nginx and the API and deletes the temporary files. */
  stop(): Promise<void>;
}

/** Children still running if the worker exits before the fixture's teardown has stopped them. */
const running = new Set<ChildProcess>();
process.on('exit', () => running.forEach((child) => child.kill()));

/** A child process whose output is kept for error messages. */
function launch(command: string, args: string[], options: SpawnOptions) {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => running.delete(child));
  return { child, exited, output: () => output };
}

type Launched = ReturnType<typeof launch>;

async function stop({ child, exited }: Launched): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(killer);
}

/** Polls `url` until it answers 200; fails at once, with the output so far, if the process exits. */
async function waitUntilOk(url: string, launched: Launched, what: string, details = launched.output): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (launched.child.exitCode !== null || launched.child.signalCode !== null)
      throw new Error(`${what} exited:\n${details()}`);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${what} did not answer 200 at ${url} within 10 s:\n${details()}`);
    await sleep(50);
  }
}

function apiOnPort(port: number): Api {
  const url = `http://127.0.0.1:${port}`;
  let launched: Launched | undefined;
  return {
    url,
    get running() {
      return launched?.child.exitCode === null && launched.child.signalCode === null;
    },
    async start() {
      launched = launch(process.execPath, [join(workspace, 'apps/api/dist/main.js')], {
        // No drain on SIGTERM: nothing balances load here, and a stop should be quick.
        env: {
          PATH: process.env['PATH'],
          HOST: '127.0.0.1',
          PORT: String(port),
          LOG_LEVEL: 'warn',
          SHUTDOWN_DRAIN_MS: '0',
        },
      });
      await waitUntilOk(`${url}/health/ready`, launched, 'the API');
    },
    async stop() {
      if (launched) await stop(launched);
    },
  };
}

/**
 * The template rendered as the nginx image's entrypoint does: 19-viewer-defaults.envsh sourced with the
 * container's variables, then envsubst replacing `$NAME` and `${NAME}` for each variable exported,
 * leaving the rest (nginx's own `$uri`) alone.
 */
function render(template: string, env: Record<string, string>): string {
  const { status, exported, stderrLines } = sourceNginxDefaults(env);
  if (status !== 0)
    throw new Error(`19-viewer-defaults.envsh rejects ${JSON.stringify(env)}: ${stderrLines.join('\n')}`);
  const rendered = template.replace(
    /\$\{(\w+)\}|\$(\w+)/g,
    (match, braced?: string, bare?: string) => exported[braced ?? bare ?? ''] ?? match,
  );
  const unset = rendered.match(/\$\{[A-Z_][A-Z0-9_]*\}/g);
  if (unset)
    throw new Error(
      `the nginx template uses ${unset.join(', ')}, which neither the tests nor 19-viewer-defaults.envsh set`,
    );
  return rendered;
}

/**
 * A main config mirroring what matters of the nginx-unprivileged image's, in a temporary prefix:
 * everything nginx writes (pid, temp files, error log) goes there, and the rendered template is
 * included in http {}.
 */
function mainConfig(prefix: string, server: string): string {
  return `daemon off;
master_process on;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/error.log warn;
events {}
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    client_body_temp_path ${prefix}/client_temp;
    proxy_temp_path ${prefix}/proxy_temp;
    fastcgi_temp_path ${prefix}/fastcgi_temp;
    uwsgi_temp_path ${prefix}/uwsgi_temp;
    scgi_temp_path ${prefix}/scgi_temp;
    include ${server};
}
`;
}

/** Starts the built API and, in front of it, nginx with the viewer's config; on 127.0.0.1, free ports. */
export async function startStack(): Promise<Stack> {
  const nginx = findNginx();
  if (!nginx) throw new Error('nginx is not installed (the global setup installs it)');
  const api = apiOnPort(await freePort());
  const prefix = mkdtempSync(join(tmpdir(), 'web-e2e-nginx-'));
  let launched: Launched | undefined;
  const stopStack = async () => {
    if (launched) await stop(launched);
    await api.stop();
    rmSync(prefix, { recursive: true, force: true });
  };
  try {
    await api.start();
    // Picked while the API listens on its port, so the two cannot be the same.
    const port = await freePort();
    // As root, nginx runs as nobody, which proves the config needs no privilege: it may write only to
    // the prefix (handed to nobody), and reads the viewer and configs as anyone may.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    if (asNobody.uid) chownSync(prefix, 65534, 65534);
    const webRoot = join(prefix, 'html');
    cpSync(join(workspace, 'apps/web/dist'), webRoot, { recursive: true });
    const template = readFileSync(join(workspace, 'apps/web/nginx/templates/default.conf.template'), 'utf8');
    const server = join(prefix, 'default.conf');
    writeFileSync(
      server,
      // The API in the URL form, as its clients write it: the rendered upstream proves the stripping.
      render(template, { NGINX_PORT: String(port), WEB_ROOT: webRoot, API_UPSTREAM: api.url }),
    );
    writeFileSync(join(prefix, 'nginx.conf'), mainConfig(prefix, server));

    // -e: the error log of start-up too, before nginx has read error_log; never /var/log/nginx.
    const errorLog = join(prefix, 'error.log');
    const args = ['-e', errorLog, '-p', prefix, '-c', join(prefix, 'nginx.conf')];
    const errors = () => (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '');
    try {
      execFileSync(nginx, ['-t', '-q', ...args], { ...asNobody, stdio: 'pipe' });
    } catch (error) {
      throw new Error(`nginx -t rejects the config:\n${(error as { stderr?: Buffer }).stderr || errors()}`);
    }
    launched = launch(nginx, args, asNobody);
    const url = `http://127.0.0.1:${port}`;
    await waitUntilOk(`${url}/healthz`, launched, 'nginx', () => `${launched?.output()}${errors()}`);
    return { url, webRoot, errorLog: errors, api, stop: stopStack };
  } catch (error) {
    await stopStack();
    throw error;
  }
}
