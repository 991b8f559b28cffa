import { createTestApp, type TestApp } from '../testing/test-app';
import { Drain } from './drain';

describe('Drain', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await createTestApp();
  });
  afterAll(() => api.app.close());

  it('asks every client to close its connection once draining', async () => {
    api.app.get(Drain).begin();

    const response = await api.app.inject({ method: 'GET', url: '/dinosaurs' });

    expect(response.headers.connection).toBe('close');
  });
});
