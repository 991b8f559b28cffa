import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { createTestApp } from '../testing/test-app';

describe('GET /info', () => {
  it('tells the version, the commit and the host that answered', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    const { app } = await createTestApp({ commitSha: '3f2a9c1' });

    const response = await app.inject({ method: 'GET', url: '/info' });
    await app.close();

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ version, commit: '3f2a9c1', hostname: hostname() });
  });
});
