import { DIETS, DINOSAURS } from '@dinosaurs/dinosaur-domain';
import { createTestApp, type TestApp } from '../testing/test-app';

describe('GET /openapi.json', () => {
  let api: TestApp;
  let document: {
    openapi: string;
    info: { title: string; version: string };
    paths: Record<
      string,
      Record<string, { parameters?: { name: string; in: string }[]; responses: Record<string, unknown> }>
    >;
    components: {
      schemas: Record<string, { properties?: Record<string, unknown>; required?: string[]; enum?: string[] }>;
    };
  };
  beforeAll(async () => {
    api = await createTestApp();
    const response = await api.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json();
  });
  afterAll(() => api.app.close());

  it('is an OpenAPI 3 document of the public routes, and only those', () => {
    expect(document.openapi).toMatch(/^3\./);
    expect(document.info.title).toBe('Dinosaur API');
    expect(Object.keys(document.paths).sort()).toEqual([
      '/dinosaurs',
      '/dinosaurs/{name}',
      '/health/live',
      '/health/ready',
      '/info',
    ]);
  });

  it('describes a dinosaur with the fields of the domain type, in their order, all required', () => {
    const schema = document.components.schemas['Dinosaur'];

    expect(Object.keys(schema.properties ?? {})).toEqual(Object.keys(DINOSAURS[0]));
    expect(schema.required).toEqual(Object.keys(DINOSAURS[0]));
    expect(schema.properties).toMatchObject({
      Name: { type: 'string' },
      Pronunciation: { type: 'string' },
      LengthInMeters: { type: 'integer' },
      Diet: { allOf: [{ $ref: '#/components/schemas/Diet' }] },
    });
    expect(document.components.schemas['Diet']).toMatchObject({ type: 'string', enum: [...DIETS] });
  });

  it('describes the error body', () => {
    expect(document.components.schemas['Error']).toMatchObject({
      properties: { statusCode: { type: 'integer' }, error: { type: 'string' }, message: { type: 'string' } },
      required: ['statusCode', 'error', 'message'],
    });
  });

  it('documents the diet filter and the errors of /dinosaurs', () => {
    const list = document.paths['/dinosaurs'].get;

    expect(list.parameters).toEqual([expect.objectContaining({ name: 'diet', in: 'query', required: false })]);
    expect(Object.keys(list.responses).sort()).toEqual(['200', '400']);
    expect(Object.keys(document.paths['/dinosaurs/{name}'].get.responses).sort()).toEqual(['200', '404']);
  });
});
