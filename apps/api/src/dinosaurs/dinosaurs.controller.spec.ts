import { DINOSAURS } from '@dinosaurs/dinosaur-domain';
import { CONTRACT_JSON } from '@dinosaurs/dinosaur-domain/testing';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('GET /dinosaurs', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await createTestApp();
  });
  afterAll(() => api.app.close());

  it('returns the five dinosaurs as the exact JSON of the original service', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/dinosaurs' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.body).toBe(CONTRACT_JSON);
  });

  it('filters by diet', async () => {
    const carnivores = await api.app.inject({ method: 'GET', url: '/dinosaurs?diet=carnivorous' });
    const herbivores = await api.app.inject({ method: 'GET', url: '/dinosaurs?diet=herbivorous' });

    expect(carnivores.statusCode).toBe(200);
    expect(carnivores.json()).toEqual([DINOSAURS[0], DINOSAURS[2]]);
    expect(herbivores.json()).toEqual([DINOSAURS[1], DINOSAURS[3], DINOSAURS[4]]);
  });

  it.each(['omnivorous', 'Carnivorous', '', 'carnivorous&diet=herbivorous'])(
    'answers 400 with a JSON error for diet=%s',
    async (diet) => {
      const response = await api.app.inject({ method: 'GET', url: `/dinosaurs?diet=${diet}` });

      expect(response.statusCode).toBe(400);
      expect(response.body).toBe(
        '{"statusCode":400,"error":"Bad Request","message":"diet must be one of: carnivorous, herbivorous"}',
      );
    },
  );

  it('tags the list with an ETag and answers 304 when the client holds it', async () => {
    const first = await api.app.inject({ method: 'GET', url: '/dinosaurs' });
    const etag = first.headers.etag as string;

    const again = await api.app.inject({ method: 'GET', url: '/dinosaurs', headers: { 'if-none-match': etag } });
    const weak = await api.app.inject({
      method: 'GET',
      url: '/dinosaurs',
      headers: { 'if-none-match': `"other", W/${etag}` },
    });
    const stale = await api.app.inject({ method: 'GET', url: '/dinosaurs', headers: { 'if-none-match': '"other"' } });

    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect([again.statusCode, again.body]).toEqual([304, '']);
    expect(weak.statusCode).toBe(304);
    expect([stale.statusCode, stale.body]).toEqual([200, CONTRACT_JSON]);
  });

  it('gives each diet its own ETag', async () => {
    const all = await api.app.inject({ method: 'GET', url: '/dinosaurs' });
    const carnivores = await api.app.inject({ method: 'GET', url: '/dinosaurs?diet=carnivorous' });

    expect(carnivores.headers.etag).not.toBe(all.headers.etag);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const response = await api.app.inject({ method: 'HEAD', url: '/dinosaurs' });

    expect(response.statusCode).toBe(200);
    expect(response.headers['content-length']).toBe(String(Buffer.byteLength(CONTRACT_JSON)));
    expect(response.body).toBe('');
  });
});

describe('GET /dinosaurs/:name', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await createTestApp();
  });
  afterAll(() => api.app.close());

  it.each(['Tyrannosaurus', 'tyrannosaurus', 'TYRANNOSAURUS'])('returns the Tyrannosaurus for %s', async (name) => {
    const response = await api.app.inject({ method: 'GET', url: `/dinosaurs/${name}` });

    expect(response.statusCode).toBe(200);
    expect(response.body).toBe(
      '{"Name":"Tyrannosaurus","Pronunciation":"tie-RAN-oh-sore-us","LengthInMeters":12,"Diet":"carnivorous"}',
    );
  });

  it('returns 404 with a JSON error for an unknown dinosaur', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/dinosaurs/Barney' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'No dinosaur is called "Barney"' });
  });

  it('tags each dinosaur with its own ETag, whatever the case of the name, and answers 304 when the client holds it', async () => {
    const first = await api.app.inject({ method: 'GET', url: '/dinosaurs/tyrannosaurus' });
    const etag = first.headers.etag as string;

    const again = await api.app.inject({
      method: 'GET',
      url: '/dinosaurs/TYRANNOSAURUS',
      headers: { 'if-none-match': etag },
    });
    const other = await api.app.inject({
      method: 'GET',
      url: '/dinosaurs/diplodocus',
      headers: { 'if-none-match': etag },
    });

    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect([again.statusCode, again.headers.etag, again.body]).toEqual([304, etag, '']);
    expect(other.statusCode).toBe(200);
    expect(other.headers.etag).not.toBe(etag);
    expect(other.json()).toEqual(DINOSAURS[3]);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await api.app.inject({ method: 'GET', url: '/dinosaurs/triceratops' });
    const head = await api.app.inject({ method: 'HEAD', url: '/dinosaurs/triceratops' });

    expect(head.statusCode).toBe(200);
    expect({ ...head.headers, date: undefined }).toEqual({ ...get.headers, date: undefined });
    expect(head.body).toBe('');
  });

  it('decodes the name before looking it up', async () => {
    const response = await api.app.inject({ method: 'GET', url: '/dinosaurs/T%20rex' });

    expect(response.json()).toEqual({ statusCode: 404, error: 'Not Found', message: 'No dinosaur is called "T rex"' });
  });
});
