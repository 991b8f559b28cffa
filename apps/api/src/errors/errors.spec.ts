import { createTestApp, type TestApp } from '../testing/test-app';

describe('errors', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await createTestApp();
  });
  afterAll(() => api.app.close());

  it('answers an unknown route with 404 and a JSON error', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/stegosaurus' });

    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toBe('{"statusCode":404,"error":"Not Found","message":"Cannot GET /stegosaurus"}');
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'] as const)(
    'answers %s /dinosaurs with 404 and a JSON error',
    async (method) => {
      const response = await api.app.inject({ method, url: '/dinosaurs' });

      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: `Cannot ${method} /dinosaurs` });
    },
  );

  it('answers a malformed URL with 400 and a JSON error', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/dinosaurs/%E0%A4%A' });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "'/dinosaurs/%E0%A4%A' is not a valid url component",
    });
  });

  it('answers a body that is not valid JSON with 400 and a JSON error', async () => {
    const response = await api.app.inject({
      method: 'POST',
      url: '/dinosaurs',
      headers: { 'content-type': 'application/json' },
      payload: '{"Name":',
    });

    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: "Body is not valid JSON but content-type is set to 'application/json'",
    });
  });

  it('ignores a body sent with GET', async () => {
    const response = await api.app.inject({
      method: 'GET',
      url: '/dinosaurs/diplodocus',
      headers: { 'content-type': 'application/json' },
      payload: '{"broken',
    });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ Name: 'Diplodocus' });
  });
});
