import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '@dinosaurs/test-utils';
import { copyOfBundle, RunningApi, runtimes } from './bundle';

/** Resolves once nothing accepts connections on the port any more. */
async function refusing(port: number): Promise<void> {
  for (;;) {
    const accepted = await new Promise<boolean>((resolve) => {
      // A connection accepted during the drain is reset when the server closes: that is fine too.
      const socket = connect(port, '127.0.0.1')
        .once('connect', () => resolve(true))
        .on('error', () => resolve(false));
      setTimeout(() => socket.destroy(), 100);
    });
    if (!accepted) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Everything the server sends on `socket` until it closes it. */
function readUntilClosed(socket: Socket): Promise<string> {
  let received = '';
  socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
  return once(socket, 'close').then(() => received);
}

/**
 * A POST whose headers the server has read, as its `100 Continue` proves, and whose body has not
 * come yet: a request in flight, with no timing guesswork. `answer` is all the server sends.
 */
async function requestInFlight(port: number): Promise<{ socket: Socket; answer: Promise<string> }> {
  const socket = connect(port, '127.0.0.1').on('error', () => undefined);
  await once(socket, 'connect');
  const answer = readUntilClosed(socket);
  let head = '';
  socket.on('data', (chunk: string) => (head += chunk));
  socket.write(
    'POST /dinosaurs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n' +
      'Expect: 100-continue\r\n\r\n',
  );
  while (!head.includes('100 Continue')) await once(socket, 'data');
  return { socket, answer };
}

describe.each(runtimes())('the built API on $label', (runtime) => {
  const bundle = copyOfBundle();
  afterEach(() => RunningApi.stopAll());

  describe('on SIGTERM', () => {
    it('turns readiness to 503 while still serving during the drain, then exits 0', async () => {
      const api = await RunningApi.start(runtime, bundle, { SHUTDOWN_DRAIN_MS: '2000' });
      const keptAlive = await fetch(`${api.url}/dinosaurs`);
      expect(keptAlive.status).toBe(200);

      api.process.kill('SIGTERM');
      await api.waitForLog((line) => line['msg'] === 'draining: readiness is 503, still serving');
      const [ready, live, dinosaurs] = await Promise.all(
        ['/health/ready', '/health/live', '/dinosaurs'].map((path) => fetch(`${api.url}${path}`)),
      );

      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ status: 'error', error: { drain: { status: 'down' } } });
      expect(live.status).toBe(200);
      expect(dinosaurs.status).toBe(200);
      expect(await api.exited).toBe(0);
      const logged = (msg: string) => Date.parse(String(api.logs.find((line) => line['msg'] === msg)?.['time']));
      expect(logged('stopped') - logged('draining: readiness is 503, still serving')).toBeGreaterThanOrEqual(2000);
      expect(api.logs.at(-1)).toMatchObject({ msg: 'stopped' });
      await expect(fetch(`${api.url}/dinosaurs`)).rejects.toThrow();
    });

    it('tells keep-alive clients to close their connections during the drain', async () => {
      const api = await RunningApi.start(runtime, bundle, { SHUTDOWN_DRAIN_MS: '1000' });
      const before = await fetch(`${api.url}/dinosaurs`);

      api.process.kill('SIGTERM');
      await api.waitForLog((line) => line['msg'] === 'draining: readiness is 503, still serving');
      const during = await fetch(`${api.url}/dinosaurs`);

      expect(before.headers.get('connection')).toBe('keep-alive');
      expect(during.headers.get('connection')).toBe('close');
      expect(await api.exited).toBe(0);
    });

    it('finishes a request in flight after it stops accepting connections, then exits 0', async () => {
      const api = await RunningApi.start(runtime, bundle, { SHUTDOWN_DRAIN_MS: '300' });
      const inFlight = await requestInFlight(api.port);

      api.process.kill('SIGTERM');
      await refusing(api.port);
      inFlight.socket.end('{}');

      expect(await inFlight.answer).toMatch(
        /\r\n\r\nHTTP\/1\.1 404 Not Found\r\n[\s\S]*\{"statusCode":404,"error":"Not Found","message":"Cannot POST \/dinosaurs"\}$/,
      );
      expect(await api.exited).toBe(0);
    });

    it('cuts off a request still in flight at SHUTDOWN_TIMEOUT_MS, and exits 1', async () => {
      const api = await RunningApi.start(runtime, bundle, { SHUTDOWN_DRAIN_MS: '0', SHUTDOWN_TIMEOUT_MS: '500' });
      const stuck = await requestInFlight(api.port);

      api.process.kill('SIGTERM');

      expect(await api.exited).toBe(1);
      expect(api.logs.at(-1)).toMatchObject({
        level: 'warn',
        msg: 'requests still in flight at the timeout: exiting anyway',
        timeoutMs: 500,
      });
      stuck.socket.destroy();
    });

    it('closes idle keep-alive connections when it stops', async () => {
      const api = await RunningApi.start(runtime, bundle, { SHUTDOWN_DRAIN_MS: '0' });
      const idle = connect(api.port, '127.0.0.1');
      await once(idle, 'connect');
      const answer = readUntilClosed(idle);
      idle.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
      await once(idle, 'data');

      api.process.kill('SIGTERM');

      expect(await answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(await api.exited).toBe(0);
    });

    it('exits at once on a second signal', async () => {
      const api = await RunningApi.start(runtime, bundle, { SHUTDOWN_DRAIN_MS: '600000' });

      api.process.kill('SIGTERM');
      await api.waitForLog((line) => line['msg'] === 'draining: readiness is 503, still serving');
      api.process.kill('SIGINT');

      expect(await api.exited).toBe(1);
      expect(api.logs.at(-1)).toMatchObject({ msg: 'second signal: exiting now', signal: 'SIGINT' });
    });
  });

  describe('its log', () => {
    const burst = 300;
    /** `burst` requests, all answered, then `stop` sent; resolves with the exit code. */
    async function requestThenStop(api: RunningApi, stop: NodeJS.Signals): Promise<number | null> {
      const answers = await Promise.all(
        Array.from({ length: burst }, (_, i) => fetch(`${api.url}/dinosaurs${i % 3 ? '' : '/barney'}`)),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([
        ...Array<number>(burst - burst / 3).fill(200),
        ...Array<number>(burst / 3).fill(404),
      ]);
      api.process.kill(stop);
      return api.exited;
    }
    const requestLines = (api: RunningApi) => api.logs.filter((line) => line['msg'] === 'request');

    it.each(['SIGTERM', 'SIGINT'] as const)('holds a line for every request answered before %s', async (signal) => {
      const api = await RunningApi.start(runtime, bundle, { SHUTDOWN_DRAIN_MS: '0' });

      expect(await requestThenStop(api, signal)).toBe(0);
      expect(requestLines(api)).toHaveLength(burst);
      expect(api.logs.at(-1)).toMatchObject({ msg: 'stopped' });
    });

    it('holds a line for every request answered before an error nothing caught, which ends it', async () => {
      const crash = fileURLToPath(new URL('./support/crash-on-sigusr2.mjs', import.meta.url));
      const api = await RunningApi.start(runtime, bundle, { NODE_OPTIONS: `--import=${crash}` });

      expect(await requestThenStop(api, 'SIGUSR2')).toBe(1);
      expect(requestLines(api)).toHaveLength(burst);
      expect(api.logs.at(-1)).toMatchObject({
        level: 'fatal',
        msg: 'uncaught exception: exiting',
        err: expect.objectContaining({ message: 'a bug nothing caught' }),
      });
      expect(api.stderr).toEqual([]);
    });
  });

  describe('with a bad environment', () => {
    it.each([
      ['PORT', 'eighty', 'dinosaur API: invalid configuration: PORT must be an integer from 1 to 65535 (got "eighty")'],
      [
        'LOG_LEVEL',
        'chatty',
        'dinosaur API: invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "chatty")',
      ],
      [
        'CORS_ORIGINS',
        'https://dinosaurs.example/api',
        'dinosaur API: invalid configuration: CORS_ORIGINS must be a comma-separated list of http(s) origins such as https://dinosaurs.example, without a path (got "https://dinosaurs.example/api")',
      ],
      [
        'RATE_LIMIT_MAX',
        'many',
        'dinosaur API: invalid configuration: RATE_LIMIT_MAX must be an integer of requests from 0 (no limit) to 1000000 (got "many")',
      ],
    ])('exits 1 with one line naming %s', async (name, value, line) => {
      const api = await RunningApi.start(runtime, bundle, { [name]: value });

      expect(await api.exited).toBe(1);
      expect(api.stderr).toEqual([line]);
      expect(api.stdout).toEqual([]);
    });
  });

  it('exits 1 with one line when its port is taken', async () => {
    const port = String(await freePort());
    const first = await RunningApi.start(runtime, bundle, { PORT: port });
    try {
      const second = await RunningApi.start(runtime, bundle, { PORT: port });

      expect(await second.exited).toBe(1);
      expect(second.stderr).toEqual([
        expect.stringMatching(/^dinosaur API: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/),
      ]);
    } finally {
      await first.stop();
    }
  });
});
