import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from '@dinosaurs/test-utils';
import { copyOfBundle, RunningApi, type Runtime, runtimes } from './bundle';

const folders: string[] = [];
afterAll(() => folders.forEach((path) => rmSync(path, { recursive: true, force: true })));

/** A new empty folder, removed after the file's tests. */
function folder(prefix: string): string {
  const path = mkdtempSync(join(tmpdir(), prefix));
  folders.push(path);
  return path;
}

/** `node main.js --prime-code-cache`, as the image's build runs it. */
async function prime(runtime: Runtime, bundle: string, env: Record<string, string>, flags: string[] = []) {
  return spawnSync(runtime.bin, [...flags, bundle, '--prime-code-cache'], {
    env: { PATH: process.env['PATH'], HOST: '127.0.0.1', PORT: String(await freePort()), ...env },
    encoding: 'utf8',
  });
}

/** What the start said of the code cache, in its "listening" line. */
async function codeCacheOf(api: RunningApi): Promise<unknown> {
  return (await api.waitForLog((line) => line['msg'] === 'dinosaur API listening'))['codeCache'];
}

describe.each(runtimes())('the code cache of the built API on $label', (runtime) => {
  const bundle = copyOfBundle();
  afterEach(() => RunningApi.stopAll());

  it('is made by --prime-code-cache, which answers each route once and exits 0, and read by the next start', async () => {
    const cache = folder('code-cache-');
    const priming = await prime(runtime, bundle, { CODE_CACHE: cache });
    expect(priming.status).toBe(0);
    const routes = priming.stdout
      .split('\n')
      .filter((line) => line.includes('"msg":"request"'))
      .map((line) => JSON.parse(line).status);
    expect(routes).toEqual([200, 200, 200, 404, 304]);
    expect(readdirSync(cache)).toHaveLength(1);

    const api = await RunningApi.start(runtime, bundle, { CODE_CACHE: cache });
    expect(await codeCacheOf(api)).toBe('accepted');
    const answer = await fetch(`${api.url}/dinosaurs/Triceratops`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ Name: 'Triceratops' });
  });

  it('is made when a start that found none exits, if its folder is writable', async () => {
    const cache = join(folder('code-cache-'), 'not-yet');
    const first = await RunningApi.start(runtime, bundle, { CODE_CACHE: cache, SHUTDOWN_DRAIN_MS: '0' });
    expect(await codeCacheOf(first)).toBe('absent');
    expect((await fetch(`${first.url}/dinosaurs`)).status).toBe(200);
    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await RunningApi.start(runtime, bundle, { CODE_CACHE: cache });
    expect(await codeCacheOf(second)).toBe('accepted');
  });

  it('is rejected by a start with other V8 flags, which still serves, and replaced when it exits', async () => {
    const cache = folder('code-cache-');
    expect((await prime(runtime, bundle, { CODE_CACHE: cache }, ['--no-opt'])).status).toBe(0);
    const made = readFileSync(join(cache, readdirSync(cache)[0] as string));

    const api = await RunningApi.start(runtime, bundle, { CODE_CACHE: cache, SHUTDOWN_DRAIN_MS: '0' });
    expect(await codeCacheOf(api)).toBe('rejected');
    expect((await fetch(`${api.url}/dinosaurs`)).status).toBe(200);
    api.process.kill('SIGTERM');
    expect(await api.exited).toBe(0);
    expect(readFileSync(join(cache, readdirSync(cache)[0] as string)).equals(made)).toBe(false);
  });

  it('is not read for a bundle whose bytes differ, even at the same length', async () => {
    const cache = folder('code-cache-');
    expect((await prime(runtime, bundle, { CODE_CACHE: cache })).status).toBe(0);
    const changed = folder('api-bundle-changed-');
    cpSync(dirname(bundle), changed, { recursive: true });
    const server = join(changed, 'server.js');
    const source = readFileSync(server, 'utf8');
    writeFileSync(server, source.replace('seel-OH-fie-sis', 'SEEL-oh-FIE-sis'));
    expect(readFileSync(server).length).toBe(Buffer.byteLength(source));

    const api = await RunningApi.start(runtime, join(changed, 'main.js'), { CODE_CACHE: cache });
    expect(await codeCacheOf(api)).toBe('absent');
    const [first] = (await (await fetch(`${api.url}/dinosaurs`)).json()) as unknown[];
    expect(first).toMatchObject({ Name: 'Coelophysis', Pronunciation: 'SEEL-oh-FIE-sis' });
  });

  it('is never reached when the bundle is missing: the start fails in one line', () => {
    const broken = folder('api-bundle-broken-');
    cpSync(dirname(bundle), broken, { recursive: true });
    rmSync(join(broken, 'server.js'));
    const start = spawnSync(runtime.bin, [join(broken, 'main.js')], { encoding: 'utf8' });
    expect(start.status).toBe(1);
    expect(start.stderr).toBe(
      `dinosaur API: cannot read ${join(broken, 'server.js')}, the bundle: build it with \`npx nx build api\`\n`,
    );
  });

  it('is off without CODE_CACHE, and --prime-code-cache without it fails in one line', async () => {
    const api = await RunningApi.start(runtime, bundle);
    expect(await codeCacheOf(api)).toBe('off');

    const priming = await prime(runtime, bundle, {});
    expect(priming.status).toBe(1);
    expect(priming.stderr).toBe(
      'dinosaur API: --prime-code-cache needs CODE_CACHE, the folder to write the cache to\n',
    );
  });
});
