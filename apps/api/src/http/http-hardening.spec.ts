import helmet from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Fastify from 'fastify';
import { createTestApp, type TestApp } from '../testing/test-app';
import { HELMET_OPTIONS, SECURITY_HEADERS } from './security-headers';

type InjectOptions = Exclude<Parameters<NestFastifyApplication['inject']>[0], string>;

const RATE_LIMITED =
  '{"statusCode":429,"error":"Too Many Requests","message":"Too many requests: at most 2 every 60000 ms"}';

describe('security headers', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await createTestApp();
  });
  afterAll(() => api.app.close());

  it.each<[string, InjectOptions]>([
    ['the list', { method: 'GET', url: '/dinosaurs' }],
    ['a 304', { method: 'GET', url: '/dinosaurs', headers: { 'if-none-match': '*' } }],
    ['a HEAD', { method: 'HEAD', url: '/dinosaurs/diplodocus' }],
    ['a 400 for a bad query', { method: 'GET', url: '/dinosaurs?diet=omnivorous' }],
    ['a 400 for a URL the router rejects', { method: 'GET', url: '/dinosaurs/%E0%A4%A' }],
    ['a 404', { method: 'GET', url: '/stegosaurus' }],
    ['a 413', { method: 'POST', url: '/dinosaurs', payload: 'x'.repeat(2048) }],
    ['the OpenAPI document', { method: 'GET', url: '/openapi.json' }],
    ['the metrics', { method: 'GET', url: '/metrics' }],
    ['liveness', { method: 'GET', url: '/health/live' }],
    ['readiness', { method: 'GET', url: '/health/ready' }],
    ['the info', { method: 'GET', url: '/info' }],
  ])('come with %s', async (_, request) => {
    const response = await api.app.inject(request);

    expect(response.headers).toMatchObject(SECURITY_HEADERS);
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('are exactly what Helmet sends with the same options', async () => {
    const helmeted = Fastify();
    await helmeted.register(helmet, HELMET_OPTIONS);
    helmeted.get('/', () => 'ok');
    const fromHelmet = (await helmeted.inject({ method: 'GET', url: '/' })).headers;
    await helmeted.close();
    const others = ['content-type', 'content-length', 'date', 'connection'];

    expect(Object.fromEntries(Object.entries(fromHelmet).filter(([name]) => !others.includes(name)))).toEqual(
      SECURITY_HEADERS,
    );
  });

  it('are the only headers a probe gets besides its content and caching', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/health/live' });
    const others = ['cache-control', 'content-type', 'content-length', 'date', 'connection'];

    expect(Object.keys(response.headers).sort()).toEqual([...Object.keys(SECURITY_HEADERS), ...others].sort());
  });
});

describe('CORS', () => {
  const preflight = (origin: string): InjectOptions => ({
    method: 'OPTIONS',
    url: '/dinosaurs',
    headers: { origin, 'access-control-request-method': 'GET' },
  });

  describe('by default', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await createTestApp();
    });
    afterAll(() => api.app.close());

    it('is off: no CORS headers, and a preflight is a 404 in JSON', async () => {
      const simple = await api.app.inject({
        method: 'GET',
        url: '/dinosaurs',
        headers: { origin: 'https://a.example' },
      });
      const options = await api.app.inject(preflight('https://a.example'));

      expect(simple.statusCode).toBe(200);
      expect(Object.keys(simple.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect([options.statusCode, options.body]).toEqual([
        404,
        '{"statusCode":404,"error":"Not Found","message":"Cannot OPTIONS /dinosaurs"}',
      ]);
    });
  });

  describe('with CORS origins', () => {
    let api: TestApp;
    beforeAll(async () => {
      api = await createTestApp({ corsOrigins: ['https://a.example', 'http://localhost:4200'] });
    });
    afterAll(() => api.app.close());

    it('lets a listed origin read the answer and its ETag', async () => {
      const response = await api.app.inject({
        method: 'GET',
        url: '/dinosaurs',
        headers: { origin: 'http://localhost:4200' },
      });

      expect(response.statusCode).toBe(200);
      expect(response.headers).toMatchObject({
        'access-control-allow-origin': 'http://localhost:4200',
        'access-control-expose-headers': 'ETag, Retry-After',
        vary: 'Origin',
      });
    });

    it('answers a preflight from a listed origin with 204 and the methods it allows', async () => {
      const response = await api.app.inject(preflight('https://a.example'));

      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expect(response.headers).toMatchObject({
        ...SECURITY_HEADERS,
        'access-control-allow-origin': 'https://a.example',
        'access-control-allow-methods': 'GET, HEAD',
        'access-control-allow-headers': 'If-None-Match',
        'access-control-max-age': '600',
      });
    });

    it('gives an origin that is not listed no CORS permission, and still answers it', async () => {
      const simple = await api.app.inject({
        method: 'GET',
        url: '/dinosaurs',
        headers: { origin: 'https://evil.example' },
      });
      const options = await api.app.inject(preflight('https://evil.example'));

      expect(simple.statusCode).toBe(200);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
      expect(options.statusCode).toBe(204);
      expect(options.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('answers an OPTIONS that is no preflight with an empty 204, never a plain-text error', async () => {
      const response = await api.app.inject({ method: 'OPTIONS', url: '/dinosaurs' });

      expect([response.statusCode, response.body]).toEqual([204, '']);
    });
  });
});

describe('rate limit', () => {
  let api: TestApp;
  afterEach(() => api.app.close());

  const get = (url: string, remoteAddress = '203.0.113.7', headers: Record<string, string> = {}) =>
    api.app.inject({ method: 'GET', url, remoteAddress, headers });

  it('is off by default', async () => {
    api = await createTestApp();

    const responses = await Promise.all(Array.from({ length: 50 }, () => get('/dinosaurs')));

    expect(responses.map((response) => response.statusCode)).toEqual(Array(50).fill(200));
    expect(responses[49].headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('answers 429 in JSON with Retry-After once an address passes RATE_LIMIT_MAX', async () => {
    api = await createTestApp({ rateLimitMax: 2, rateLimitWindowMs: 60_000 });

    const allowed = [await get('/dinosaurs'), await get('/dinosaurs/diplodocus')];
    const limited = await get('/dinosaurs');

    expect(allowed.map((response) => [response.statusCode, response.headers['x-ratelimit-remaining']])).toEqual([
      [200, '1'],
      [200, '0'],
    ]);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(limited.body).toBe(RATE_LIMITED);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.headers).toMatchObject(SECURITY_HEADERS);
  });

  it('counts unknown routes too', async () => {
    api = await createTestApp({ rateLimitMax: 2 });

    const statuses = [];
    for (const path of ['/wp-admin', '/.env', '/admin']) statuses.push((await get(path)).statusCode);

    expect(statuses).toEqual([404, 404, 429]);
  });

  it('never limits the health probes or the metrics', async () => {
    api = await createTestApp({ rateLimitMax: 1 });
    await get('/dinosaurs');

    const probes = [];
    for (let i = 0; i < 5; i++) {
      for (const path of ['/health/live', '/health/ready', '/metrics']) probes.push((await get(path)).statusCode);
    }

    expect(probes).toEqual(Array(15).fill(200));
    expect((await get('/dinosaurs')).statusCode).toBe(429);
  });

  it('counts each client address apart', async () => {
    api = await createTestApp({ rateLimitMax: 1 });

    const first = await get('/dinosaurs', '203.0.113.7');
    const second = await get('/dinosaurs', '198.51.100.1');
    const firstAgain = await get('/dinosaurs', '203.0.113.7');

    expect([first.statusCode, second.statusCode, firstAgain.statusCode]).toEqual([200, 200, 429]);
  });

  it('ignores X-Forwarded-For by default, since any client can write it', async () => {
    api = await createTestApp({ rateLimitMax: 1 });

    const first = await get('/dinosaurs', '10.0.0.5', { 'x-forwarded-for': '203.0.113.7' });
    const spoofed = await get('/dinosaurs', '10.0.0.5', { 'x-forwarded-for': '198.51.100.1' });

    expect([first.statusCode, spoofed.statusCode]).toEqual([200, 429]);
  });

  it('takes the client address from X-Forwarded-For when the connection comes from a TRUST_PROXY address', async () => {
    api = await createTestApp({ rateLimitMax: 1, trustProxy: ['10.0.0.0/8'] });
    // nginx appends the address it saw; whatever the client wrote before it is not believed.
    const viaNginx = (client: string, claimed = '') =>
      get('/dinosaurs', '10.0.0.5', { 'x-forwarded-for': claimed ? `${claimed}, ${client}` : client });

    const first = await viaNginx('203.0.113.7');
    const second = await viaNginx('198.51.100.1');
    const firstAgain = await viaNginx('203.0.113.7', '192.0.2.99');

    expect([first.statusCode, second.statusCode, firstAgain.statusCode]).toEqual([200, 200, 429]);
  });

  it('ignores X-Forwarded-For from an address outside TRUST_PROXY', async () => {
    api = await createTestApp({ rateLimitMax: 1, trustProxy: ['10.0.0.0/8'] });

    const first = await get('/dinosaurs', '192.0.2.1', { 'x-forwarded-for': '203.0.113.7' });
    const spoofed = await get('/dinosaurs', '192.0.2.1', { 'x-forwarded-for': '198.51.100.1' });

    expect([first.statusCode, spoofed.statusCode]).toEqual([200, 429]);
  });
});
