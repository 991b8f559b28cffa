import { DINOSAURS } from '@dinosaurs/dinosaur-domain';
import { CONTRACT_JSON } from '@dinosaurs/dinosaur-domain/testing';
import { copyOfBundle, RunningApi, runtimes } from './bundle';
import { rawRequest } from '@dinosaurs/test-utils';

describe.each(runtimes())('the built API on $label', (runtime) => {
  const bundle = copyOfBundle();
  let api: RunningApi;
  beforeAll(async () => {
    api = await RunningApi.start(runtime, bundle, { COMMIT_SHA: 'e2e1234' });
  });
  afterAll(() => RunningApi.stopAll());

  it('serves GET /dinosaurs with the exact JSON contract', async () => {
    const response = await fetch(`${api.url}/dinosaurs`);

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe(CONTRACT_JSON);
  });

  it('resolves Nest providers by their constructor types inside the bundle', async () => {
    // The controller reaches the data only through its injected service: without decorator
    // metadata in the bundle the service would be undefined and this would be a 500.
    const response = await fetch(`${api.url}/dinosaurs/diplodocus`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(DINOSAURS[3]);
  });

  it('filters by diet, and answers 400 for an unknown diet', async () => {
    const carnivores = await fetch(`${api.url}/dinosaurs?diet=carnivorous`);
    const unknown = await fetch(`${api.url}/dinosaurs?diet=omnivorous`);

    expect(await carnivores.json()).toEqual([DINOSAURS[0], DINOSAURS[2]]);
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'diet must be one of: carnivorous, herbivorous',
    });
  });

  it('answers 304 to a client that holds the list, and HEAD without a body', async () => {
    const etag = (await fetch(`${api.url}/dinosaurs`)).headers.get('etag') ?? '';
    const cached = await fetch(`${api.url}/dinosaurs`, { headers: { 'if-none-match': etag } });
    const head = await fetch(`${api.url}/dinosaurs`, { method: 'HEAD' });

    expect(etag).toMatch(/^"[\w-]+"$/);
    expect([cached.status, await cached.text()]).toEqual([304, '']);
    expect([head.status, head.headers.get('content-length'), await head.text()]).toEqual([
      200,
      String(Buffer.byteLength(CONTRACT_JSON)),
      '',
    ]);
  });

  it('answers 404 with a JSON error for an unknown dinosaur, an unknown route and another method', async () => {
    const dinosaur = await fetch(`${api.url}/dinosaurs/barney`);
    const route = await fetch(`${api.url}/pterodactyls`);
    const method = await fetch(`${api.url}/dinosaurs`, { method: 'DELETE' });

    expect([dinosaur.status, await dinosaur.json()]).toEqual([
      404,
      { statusCode: 404, error: 'Not Found', message: 'No dinosaur is called "barney"' },
    ]);
    expect([route.status, await route.json()]).toEqual([
      404,
      { statusCode: 404, error: 'Not Found', message: 'Cannot GET /pterodactyls' },
    ]);
    expect([method.status, await method.json()]).toEqual([
      404,
      { statusCode: 404, error: 'Not Found', message: 'Cannot DELETE /dinosaurs' },
    ]);
  });

  it('answers a malformed URL with 400 and a JSON error', async () => {
    const response = await rawRequest(api.port, 'GET /dinosaurs/% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "'/dinosaurs/%' is not a valid url component",
    });
  });

  it('answers a request that is not HTTP with 400 and a JSON error', async () => {
    const response = await rawRequest(api.port, 'HELLO DINOSAURS\r\n\r\n');

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'Malformed HTTP request',
    });
  });

  it('answers an unknown Expect with 417 and a CONNECT with 405, in JSON', async () => {
    const expectation = await rawRequest(api.port, 'GET /dinosaurs HTTP/1.1\r\nHost: x\r\nExpect: dinosaurs\r\n\r\n');
    const tunnel = await rawRequest(api.port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n');

    expect([expectation.status, JSON.parse(expectation.body)]).toEqual([
      417,
      { statusCode: 417, error: 'Expectation Failed', message: 'Only "Expect: 100-continue" is supported' },
    ]);
    expect([tunnel.status, JSON.parse(tunnel.body)]).toEqual([
      405,
      { statusCode: 405, error: 'Method Not Allowed', message: 'CONNECT is not supported' },
    ]);
  });

  it('sends the security headers with every kind of answer, also those written before the app sees the request', async () => {
    const answers = [
      ...(await Promise.all(
        ['/dinosaurs', '/openapi.json', '/metrics', '/health/ready', '/nope'].map(async (path) => {
          const response = await fetch(`${api.url}${path}`);
          await response.arrayBuffer();
          return Object.fromEntries(response.headers);
        }),
      )),
      (await rawRequest(api.port, 'GET /dinosaurs/% HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).headers,
      (await rawRequest(api.port, 'HELLO DINOSAURS\r\n\r\n')).headers,
    ];

    for (const headers of answers) {
      expect(headers).toMatchObject({
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(headers['x-powered-by']).toBeUndefined();
    }
  });

  it('answers 304 and HEAD for one dinosaur too', async () => {
    const first = await fetch(`${api.url}/dinosaurs/triceratops`);
    const etag = first.headers.get('etag') ?? '';
    const cached = await fetch(`${api.url}/dinosaurs/Triceratops`, { headers: { 'if-none-match': etag } });
    const head = await fetch(`${api.url}/dinosaurs/triceratops`, { method: 'HEAD' });

    expect([first.headers.get('cache-control'), await first.json()]).toEqual(['no-cache', DINOSAURS[1]]);
    expect([cached.status, await cached.text()]).toEqual([304, '']);
    expect([head.status, head.headers.get('etag'), await head.text()]).toEqual([200, etag, '']);
  });

  it('is live and ready', async () => {
    const live = await fetch(`${api.url}/health/live`);
    const ready = await fetch(`${api.url}/health/ready`);

    expect([live.status, await live.json()]).toEqual([200, expect.objectContaining({ status: 'ok' })]);
    expect([ready.status, await ready.json()]).toEqual([200, expect.objectContaining({ status: 'ok' })]);
  });

  it('counts its requests in Prometheus metrics', async () => {
    const scrape = async () => (await fetch(`${api.url}/metrics`)).text();
    const count = (body: string) =>
      Number(
        /^http_requests_total\{method="GET",route="\/dinosaurs\/:name",status="200"\} (\d+)$/m.exec(body)?.[1] ?? 0,
      );
    const before = count(await scrape());

    await fetch(`${api.url}/dinosaurs/triceratops`);
    await fetch(`${api.url}/dinosaurs/coelophysis`);
    const response = await fetch(`${api.url}/metrics`);
    const body = await response.text();

    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(count(body) - before).toBe(2);
    expect(body).toMatch(
      /^http_request_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/dinosaurs\/:name",status="200"\} \d+$/m,
    );
    expect(body).toMatch(/^process_resident_memory_bytes \d+$/m);
  });

  it('tells its version, commit and host', async () => {
    const response = await fetch(`${api.url}/info`);

    expect(await response.json()).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      commit: 'e2e1234',
      hostname: expect.any(String),
    });
  });

  it('serves its OpenAPI document', async () => {
    const response = await fetch(`${api.url}/openapi.json`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      openapi: expect.stringMatching(/^3\./),
      paths: { '/dinosaurs': { get: { responses: { 200: expect.any(Object) } } } },
    });
  });

  it('logs one start-up line with the version and the port, one line per request, none for probes', async () => {
    await fetch(`${api.url}/dinosaurs/panoplosaurus`);
    await fetch(`${api.url}/health/ready`);
    const requestLines = () => api.logs.filter((line) => line['msg'] === 'request');
    await api.waitForLog((line) => line['url'] === '/dinosaurs/panoplosaurus');

    expect(api.logs.filter((line) => line['msg'] === 'dinosaur API listening')).toEqual([
      expect.objectContaining({ level: 'info', version: expect.any(String), port: api.port }),
    ]);
    expect(requestLines()).toContainEqual(
      expect.objectContaining({
        method: 'GET',
        route: '/dinosaurs/:name',
        status: 200,
        durationMs: expect.any(Number),
      }),
    );
    expect(requestLines().filter((line) => String(line['route']).startsWith('/health'))).toEqual([]);
    expect(api.stderr).toEqual([]);
  });
});
