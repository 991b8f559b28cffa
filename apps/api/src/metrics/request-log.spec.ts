import { createTestApp, type TestApp } from '../testing/test-app';

const requestLines = (api: TestApp) => api.logs.filter((line) => line['msg'] === 'request');

describe('request log', () => {
  let api: TestApp;
  afterEach(() => api.app.close());

  it('writes one JSON line per request with method, route, status and duration', async () => {
    api = await createTestApp();

    await api.app.inject({ method: 'GET', url: '/dinosaurs/barney' });

    expect(requestLines(api)).toEqual([
      expect.objectContaining({
        level: 'info',
        method: 'GET',
        route: '/dinosaurs/:name',
        url: '/dinosaurs/barney',
        status: 404,
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('writes the fields in the order pino writes them, the time as pino writes it', async () => {
    api = await createTestApp();

    await api.app.inject({ method: 'GET', url: '/dinosaurs' });

    const [line] = requestLines(api);
    expect(Object.keys(line ?? {})).toEqual(['level', 'time', 'method', 'route', 'url', 'status', 'durationMs', 'msg']);
    expect(line?.['time']).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/));
  });

  it('logs and counts a URL the router rejects before any handler runs', async () => {
    api = await createTestApp();

    await api.app.inject({ method: 'GET', url: '/dinosaurs/%ZZ' });
    const metrics = await api.app.inject({ method: 'GET', url: '/metrics' });

    expect(requestLines(api)).toEqual([
      expect.objectContaining({ method: 'GET', route: 'unmatched', url: '/dinosaurs/%ZZ', status: 400 }),
    ]);
    expect(metrics.body).toContain('http_requests_total{method="GET",route="unmatched",status="400"} 1');
  });

  it('writes no line for probes and scrapes at info level', async () => {
    api = await createTestApp();

    await api.app.inject({ method: 'GET', url: '/health/live' });
    await api.app.inject({ method: 'GET', url: '/health/ready' });
    await api.app.inject({ method: 'GET', url: '/metrics' });

    expect(requestLines(api)).toEqual([]);
  });

  it('logs probes too at debug level', async () => {
    api = await createTestApp({ logLevel: 'debug' });

    await api.app.inject({ method: 'GET', url: '/health/ready' });

    expect(requestLines(api)).toEqual([
      expect.objectContaining({ level: 'debug', route: '/health/ready', status: 200 }),
    ]);
  });

  it('writes nothing per request at warn level', async () => {
    api = await createTestApp({ logLevel: 'warn' });

    await api.app.inject({ method: 'GET', url: '/dinosaurs' });

    expect(api.logs).toEqual([]);
  });
});
