import { DINOSAURS } from '@dinosaurs/domain';
import { CONTRACT_JSON } from '@dinosaurs/domain/testing';
import { copyOfBundle, RunningApi, runtimes } from './bundle';
import { rawRequest } from './raw-http';

describe.each(runtimes())('the built API on $label', (runtime) => {
  let api: RunningApi;
  beforeAll(async () => {
    api = await RunningApi.start(runtime, copyOfBundle(), { COMMIT_SHA: 'e2e1234' });
  });
  afterAll(() => api.stop());

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

  it('answers 404 with a JSON error for an unknown dinosaur and an unknown route', async () => {
    const dinosaur = await fetch(`${api.url}/dinosaurs/barney`);
    const route = await fetch(`${api.url}/pterodactyls`);

    expect([dinosaur.status, await dinosaur.json()]).toEqual([
      404,
      { statusCode: 404, error: 'Not Found', message: 'No dinosaur is called "barney"' },
    ]);
    expect([route.status, await route.json()]).toEqual([
      404,
      { statusCode: 404, error: 'Not Found', message: 'Cannot GET /pterodactyls' },
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

  it('is live and ready', async () => {
    const live = await fetch(`${api.url}/health/live`);
    const ready = await fetch(`${api.url}/health/ready`);

    expect([live.status, await live.json()]).toEqual([200, expect.objectContaining({ status: 'ok' })]);
    expect([ready.status, await ready.json()]).toEqual([200, expect.objectContaining({ status: 'ok' })]);
  });

  it('exposes Prometheus metrics that count the requests above', async () => {
    const response = await fetch(`${api.url}/metrics`);
    const body = await response.text();

    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(body).toMatch(/^http_requests_total\{method="GET",route="\/dinosaurs",status="200"\} [1-9]/m);
    expect(body).toMatch(
      /^http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/dinosaurs",status="200"\} \d+$/m,
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

  it('logged one start-up line with the version and the port, and one line per request', () => {
    const startup = api.logs.find((line) => line['msg'] === 'dinosaur API listening');

    expect(startup).toMatchObject({ level: 'info', version: expect.any(String), port: api.port });
    expect(api.logs).toContainEqual(
      expect.objectContaining({ msg: 'request', method: 'GET', route: '/dinosaurs', status: 200 }),
    );
    expect(api.logs.filter((line) => line['msg'] === 'request' && String(line['route']).startsWith('/health'))).toEqual(
      [],
    );
    expect(api.stderr).toEqual([]);
  });
});
