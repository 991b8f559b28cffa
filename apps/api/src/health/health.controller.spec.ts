import { createTestApp, type TestApp } from '../testing/test-app';
import { Drain } from '../shutdown/drain';

describe('health', () => {
  let api: TestApp;
  beforeEach(async () => {
    api = await createTestApp();
  });
  afterEach(() => api.app.close());

  it('is live and ready while serving', async () => {
    const live = await api.app.inject({ method: 'GET', url: '/health/live' });
    const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });

    expect(live.statusCode).toBe(200);
    expect(live.json()).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({
      status: 'ok',
      info: { drain: { status: 'up' }, heap: { status: 'up' } },
      error: {},
      details: { drain: { status: 'up' }, heap: { status: 'up' } },
    });
  });

  it('turns readiness to 503 while draining, and keeps liveness and the dinosaurs at 200', async () => {
    api.app.get(Drain).begin();

    const ready = await api.app.inject({ method: 'GET', url: '/health/ready' });
    const live = await api.app.inject({ method: 'GET', url: '/health/live' });
    const dinosaurs = await api.app.inject({ method: 'GET', url: '/dinosaurs' });

    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      status: 'error',
      error: { drain: { status: 'down', message: 'shutting down' } },
    });
    expect(live.statusCode).toBe(200);
    expect(dinosaurs.statusCode).toBe(200);
  });

  it('tells caches never to keep a probe answer', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/health/ready' });

    expect(response.headers['cache-control']).toBe('no-cache, no-store, must-revalidate');
  });
});
