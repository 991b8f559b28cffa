import { createTestApp, type TestApp } from '../testing/test-app';

describe('GET /metrics', () => {
  let api: TestApp;
  beforeEach(async () => {
    api = await createTestApp();
  });
  afterEach(() => api.app.close());

  const scrape = async () => (await api.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('serves the Prometheus text format', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/metrics' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(response.body).toContain('# TYPE http_requests_total counter');
    expect(response.body).toContain('# TYPE http_request_duration_seconds histogram');
  });

  it('counts requests by method, route template and status', async () => {
    await api.app.inject({ method: 'GET', url: '/dinosaurs' });
    await api.app.inject({ method: 'GET', url: '/dinosaurs' });
    await api.app.inject({ method: 'GET', url: '/dinosaurs/Barney' });
    await api.app.inject({ method: 'GET', url: '/no/such/route' });

    const body = await scrape();

    expect(body).toContain('http_requests_total{method="GET",route="/dinosaurs",status="200"} 2');
    expect(body).toContain('http_requests_total{method="GET",route="/dinosaurs/:name",status="404"} 1');
    expect(body).toContain('http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(body).toContain('http_request_duration_seconds_count{method="GET",route="/dinosaurs",status="200"} 2');
    expect(body).toMatch(
      /http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/dinosaurs",status="200"\} 2/,
    );
  });

  it('includes the default process metrics', async () => {
    const body = await scrape();

    expect(body).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(body).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(body).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    expect(body).toMatch(/^nodejs_active_handles\{type="[A-Za-z]+"\} \d/m);
  });

  it('has no gauge named like a counter, which promtool check metrics rejects', async () => {
    const body = await scrape();

    const gauges = [...body.matchAll(/^# TYPE (\S+) gauge$/gm)].map(([, name]) => name);
    expect(gauges).toContain('nodejs_active_handles');
    expect(gauges.filter((name) => name.endsWith('_total'))).toEqual([]);
  });

  it('starts from zero in each app', async () => {
    await api.app.inject({ method: 'GET', url: '/dinosaurs' });
    const other = await createTestApp();

    const body = (await other.app.inject({ method: 'GET', url: '/metrics' })).body;
    await other.app.close();

    expect(await scrape()).toContain('route="/dinosaurs"');
    expect(body).toContain('# TYPE http_requests_total counter');
    expect(body).not.toContain('route="/dinosaurs"');
  });
});
