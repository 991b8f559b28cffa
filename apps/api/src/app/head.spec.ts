import { createTestApp, type TestApp } from '../testing/test-app';

describe('HEAD', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await createTestApp();
  });
  afterAll(() => api.app.close());

  it.each(['/dinosaurs', '/dinosaurs?diet=herbivorous', '/dinosaurs/Barney', '/health/live', '/info', '/openapi.json'])(
    'answers HEAD %s with the status and headers of GET, and no body',
    async (url) => {
      const get = await api.app.inject({ method: 'GET', url });
      const head = await api.app.inject({ method: 'HEAD', url });

      expect(head.statusCode).toBe(get.statusCode);
      expect({ ...head.headers, date: undefined }).toEqual({ ...get.headers, date: undefined });
      expect(head.body).toBe('');
    },
  );

  it('answers HEAD /metrics with its content type and no body', async () => {
    const head = await api.app.inject({ method: 'HEAD', url: '/metrics' });

    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(head.body).toBe('');
  });
});
