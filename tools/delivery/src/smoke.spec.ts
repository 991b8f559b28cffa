import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DINOSAURS } from '@dinosaurs/dinosaur-domain';
import { workspace } from '@dinosaurs/test-utils';

// The smoke test passes against the real containers in the image check. Here it meets what a broken
// deployment would answer, served by small HTTP servers: each must fail it in one line.
const CONTRACT = JSON.stringify(DINOSAURS);
const PAGE = '<!doctype html><html><body><div id="root"></div></body></html>';

/** An HTTP server on a free port of 127.0.0.1 answering 200 with `routes[path]`, 404 elsewhere. */
async function serve(routes: Record<string, string>): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const body = routes[request.url ?? ''];
    response.writeHead(body === undefined ? 404 : 200).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
const servers: Server[] = [];
afterEach(() => servers.splice(0).forEach((server) => server.close()));

/** An API serving `dinosaurs`, and a viewer serving its page, health and `proxied` at /api/dinosaurs. */
async function deployment(dinosaurs: string, proxied = dinosaurs) {
  const api = await serve({ '/dinosaurs': dinosaurs });
  const web = await serve({ '/': PAGE, '/healthz': 'ok\n', '/api/dinosaurs': proxied });
  return { api: api.url, web: web.url };
}

function smoke(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['tools/delivery/src/smoke.mjs', ...args], {
      cwd: workspace,
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('the smoke test of the deployed Services', () => {
  it('passes when the API serves the contract and the viewer its page, its health and the same body', async () => {
    const { api, web } = await deployment(CONTRACT);
    expect(await smoke(['--api', api, '--web', `${web}/`])).toEqual({
      status: 0,
      stdout: [
        `GET ${api}/dinosaurs: the contract, 5 dinosaurs in ${CONTRACT.length} bytes`,
        `GET ${web}/api/dinosaurs: the API's body, byte for byte`,
        `GET ${web}/: the viewer's page`,
        `GET ${web}/healthz: 200`,
        'smoke test passed',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('fails, naming where the body parts, when the first dinosaur is not the contract\'s (the old "Tyrannosaurus Rex")', async () => {
    const { api, web } = await deployment(CONTRACT.replace('"Coelophysis"', '"Tyrannosaurus Rex"'));
    expect(await smoke(['--api', api, '--web', web])).toEqual({
      status: 1,
      stdout: '',
      stderr: `smoke: GET ${api}/dinosaurs is not the contract of @dinosaurs/dinosaur-domain: from byte 10 it reads "[{\\"Name\\":\\"Tyrannosaurus Rex\\",\\"Pronunciat" where "[{\\"Name\\":\\"Coelophysis\\",\\"Pronunciation\\":\\"" was expected\n`,
    });
  });

  it("fails when the viewer's /api/dinosaurs is not the API's body", async () => {
    const { api, web } = await deployment(CONTRACT, CONTRACT.slice(0, -1));
    const { status, stderr } = await smoke(['--api', api, '--web', web]);
    expect([status, stderr]).toEqual([
      1,
      expect.stringMatching(
        new RegExp(`^smoke: GET ${web}/api/dinosaurs is not the API's body: from byte ${CONTRACT.length - 1} `),
      ),
    ]);
  });

  it('fails in one line when a Service does not answer 200 after ten tries', async () => {
    const { api } = await deployment(CONTRACT);
    const { status, stderr } = await smoke(['--api', `${api}/missing`, '--web', api]);
    expect([status, stderr]).toEqual([
      1,
      `smoke: GET ${api}/missing/dinosaurs answered 404, 10 times a second apart\n`,
    ]);
  }, 30_000);

  it.each([
    [[], 'usage: smoke.mjs --port-forward | --api <url> --web <url>'],
    [['--port-forward', '--api', 'http://127.0.0.1:1'], 'usage: smoke.mjs --port-forward | --api <url> --web <url>'],
    [['--apii', 'http://127.0.0.1:1'], 'usage: smoke.mjs --port-forward | --api <url> --web <url>'],
    [['--api', 'http://127.0.0.1:1'], '--web must be a URL such as http://127.0.0.1:8084 (got "")'],
    [
      ['--api', 'api:8084', '--web', 'http://127.0.0.1:1'],
      '--api must be a URL such as http://127.0.0.1:8084 (got "api:8084")',
    ],
  ])('refuses %j in one line', async (args, message) => {
    expect(await smoke(args)).toEqual({ status: 1, stdout: '', stderr: `${message}\n` });
  });

  it('says in one line that --port-forward needs kubectl when there is none', async () => {
    expect(await smoke(['--port-forward'], { PATH: '/nonexistent' })).toEqual({
      status: 1,
      stdout: '',
      stderr: 'smoke: --port-forward needs kubectl on PATH: install it\n',
    });
  });
});
