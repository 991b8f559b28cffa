import { copyOfBundle, freePort, RunningApi, runtimes } from './bundle';

describe.each(runtimes())('the built API on $label', (runtime) => {
  const bundle = copyOfBundle();

  describe('on SIGTERM', () => {
    it('turns readiness to 503 while still serving during the drain, then exits 0', async () => {
      const api = await RunningApi.start(runtime, bundle, { SHUTDOWN_DRAIN_MS: '1500' });
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
      expect(api.logs.at(-1)).toMatchObject({ msg: 'stopped' });
      await expect(fetch(`${api.url}/dinosaurs`)).rejects.toThrow();
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

  describe('with a bad environment', () => {
    it.each([
      ['PORT', 'eighty', 'dinosaur API: invalid configuration: PORT must be an integer from 1 to 65535 (got "eighty")'],
      [
        'LOG_LEVEL',
        'chatty',
        'dinosaur API: invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "chatty")',
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
