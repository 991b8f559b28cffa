import { readFileSync } from 'node:fs';
import { createServer, get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type APIResponse, test as plainTest } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { sourceNginxDefaults } from './support/nginx-defaults';
import type { Stack } from './support/stack';

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};
const IMMUTABLE = 'public, max-age=31536000, immutable';
const UNREACHABLE = '{"statusCode":502,"error":"Bad Gateway","message":"The dinosaur API is unreachable"}';

/** A GET as Node sends it, with no decompression: what a client gets on the wire. */
function rawGet(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    get(url, { headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    }).on('error', reject);
  });
}

function expectSecurityHeaders(response: APIResponse): void {
  expect(response.headers()).toMatchObject({ ...SECURITY_HEADERS, server: 'nginx' });
}

/**
 * The headers nginx sends upstream with a GET of /api/echo, seen by a stand-in on the API's port
 * (the API echoes none). Leaves the API stopped; the `apiUp` fixture restarts it for the next test.
 */
async function headersSentUpstream(stack: Stack, headers: Record<string, string>): Promise<IncomingHttpHeaders> {
  await stack.api.stop();
  let seen: IncomingHttpHeaders = {};
  const standIn = createServer((request, response) => {
    seen = request.headers;
    response.end();
  });
  await new Promise<void>((resolve) => standIn.listen(Number(new URL(stack.api.url).port), '127.0.0.1', resolve));
  try {
    expect((await rawGet(`${stack.url}/api/echo`, headers)).status).toBe(200);
    return seen;
  } finally {
    // nginx keeps its connection alive, which close() alone would wait for.
    standIn.closeAllConnections();
    await new Promise((resolve) => standIn.close(resolve));
  }
}

plainTest.describe('19-viewer-defaults.envsh, sourced before the template is rendered', () => {
  plainTest('exports the defaults when nothing is set', () => {
    const { status, exported, stderrLines } = sourceNginxDefaults({});

    expect(status).toBe(0);
    expect(stderrLines).toEqual([]);
    expect(exported).toMatchObject({ NGINX_PORT: '8080', WEB_ROOT: '/usr/share/nginx/html', API_UPSTREAM: 'api:8084' });
  });

  plainTest('keeps the values that are set', () => {
    const env = { NGINX_PORT: '9090', WEB_ROOT: '/srv/viewer', API_UPSTREAM: '10.0.0.7:80' };

    const { status, exported } = sourceNginxDefaults(env);

    expect(status).toBe(0);
    expect(exported).toMatchObject(env);
  });

  for (const upstream of ['http://api:8084', 'http://api:8084/', 'api:8084']) {
    plainTest(`turns API_UPSTREAM=${upstream} into the upstream block's api:8084`, () => {
      const { status, exported } = sourceNginxDefaults({ API_UPSTREAM: upstream });

      expect(status).toBe(0);
      expect(exported['API_UPSTREAM']).toBe('api:8084');
    });
  }

  const UPSTREAM_FORMS = 'API_UPSTREAM must be http://host:port or host:port';
  const PORT_RANGE = 'NGINX_PORT must be a port number from 1 to 65535';
  const rejected: [Record<string, string>, string][] = [
    [{ API_UPSTREAM: 'https://api:8084' }, `${UPSTREAM_FORMS} (got "https://api:8084")`],
    [{ API_UPSTREAM: 'api' }, `${UPSTREAM_FORMS} (got "api")`],
    [{ API_UPSTREAM: 'http://api:8084/v1' }, `${UPSTREAM_FORMS} (got "http://api:8084/v1")`],
    [{ API_UPSTREAM: '' }, `${UPSTREAM_FORMS} (got "")`],
    [{ API_UPSTREAM: 'api :8084' }, `${UPSTREAM_FORMS} (got "api :8084")`],
    [{ NGINX_PORT: 'eighty' }, `${PORT_RANGE} (got "eighty")`],
    [{ NGINX_PORT: '0' }, `${PORT_RANGE} (got "0")`],
    [{ NGINX_PORT: '65536' }, `${PORT_RANGE} (got "65536")`],
    [{ WEB_ROOT: 'html' }, 'WEB_ROOT must be an absolute path without spaces (got "html")'],
  ];
  for (const [env, line] of rejected) {
    plainTest(`stops the entrypoint with one line on stderr for ${JSON.stringify(env)}`, () => {
      const { status, exported, stderrLines } = sourceNginxDefaults(env);

      expect(status).toBe(1);
      expect(stderrLines).toEqual([line]);
      // Nothing after the script ran: no template is rendered with the bad value.
      expect(exported).toEqual({});
    });
  }
});

test.describe('the viewer nginx', () => {
  let indexHtml: Buffer;
  let script: string;
  test.beforeAll(({ stack }) => {
    indexHtml = readFileSync(join(stack.webRoot, 'index.html'));
    const entry = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)">/.exec(indexHtml.toString());
    if (!entry) throw new Error('the built index.html loads no /assets/*.js');
    script = entry[1];
  });

  test('answers /healthz with 200 "ok" as plain text', async ({ request }) => {
    const response = await request.get('/healthz');

    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('text/plain');
    expect(await response.text()).toBe('ok');
  });

  test('serves index.html at / with Cache-Control: no-cache', async ({ request }) => {
    const response = await request.get('/');

    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('text/html');
    expect(response.headers()['cache-control']).toBe('no-cache');
    expect(await response.body()).toEqual(indexHtml);
  });

  // /assets too: a folder on disk, but not one to redirect to (it holds no index).
  for (const path of ['/?diet=carnivorous', '/some/page', '/dinosaurs/tyrannosaurus', '/assets']) {
    test(`serves index.html for the client-side route ${path}`, async ({ request }) => {
      const response = await request.get(path, { maxRedirects: 0 });

      expect(response.status()).toBe(200);
      expect(response.headers()['cache-control']).toBe('no-cache');
      expect(await response.body()).toEqual(indexHtml);
    });
  }

  test('serves a hashed asset gzipped and cacheable for a year', async ({ stack }) => {
    const response = await rawGet(stack.url + script, { 'Accept-Encoding': 'gzip' });

    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'application/javascript',
      'content-encoding': 'gzip',
      'cache-control': IMMUTABLE,
      vary: 'Accept-Encoding',
    });
    expect(gunzipSync(response.body)).toEqual(readFileSync(join(stack.webRoot, script)));
    // The copy the build compressed, not one nginx compressed on the fly.
    expect(response.body).toEqual(readFileSync(join(stack.webRoot, `${script}.gz`)));
  });

  test('serves a hashed asset uncompressed to a client that does not accept gzip', async ({ stack }) => {
    const response = await rawGet(stack.url + script);

    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.body).toEqual(readFileSync(join(stack.webRoot, script)));
  });

  test('answers a missing asset with 404, not index.html, and lets no one cache it', async ({ request }) => {
    const response = await request.get('/assets/nope-123.js');

    expect(response.status()).toBe(404);
    expect(response.headers()['cache-control']).toBeUndefined();
    expect(await response.text()).not.toContain('<div id="root">');
  });

  for (const path of ['/', '/some/page', '/assets/nope-123.js', '/api/dinosaurs', '/api/nope', '/healthz']) {
    test(`sends the security headers, and no nginx version, with ${path}`, async ({ request }) => {
      expectSecurityHeaders(await request.get(path));
    });
  }

  test('sends the security headers with a hashed asset', async ({ request }) => {
    expectSecurityHeaders(await request.get(script));
  });

  test("passes /api/dinosaurs to the API's /dinosaurs, body and headers unchanged", async ({ request, stack }) => {
    const direct = await request.get(`${stack.api.url}/dinosaurs`);

    const proxied = await request.get('/api/dinosaurs');

    expect(proxied.status()).toBe(200);
    expect(await proxied.body()).toEqual(await direct.body());
    const { 'content-type': contentType, 'cache-control': cacheControl, etag } = direct.headers();
    expect(proxied.headers()).toMatchObject({ 'content-type': contentType, 'cache-control': cacheControl, etag });
  });

  test("passes /api/info to the API's /info", async ({ request, stack }) => {
    const direct = await request.get(`${stack.api.url}/info`);

    const proxied = await request.get('/api/info');

    expect(proxied.status()).toBe(200);
    expect(await proxied.body()).toEqual(await direct.body());
  });

  test("passes the API's own JSON 404 through, for the path without /api", async ({ request }) => {
    const response = await request.get('/api/nope');

    expect(response.status()).toBe(404);
    expect(response.headers()['content-type']).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe('{"statusCode":404,"error":"Not Found","message":"Cannot GET /nope"}');
  });

  test('tells the API X-Forwarded-Proto: http when no proxy in front said otherwise', async ({ stack }) => {
    const headers = await headersSentUpstream(stack, {});

    expect(headers['x-forwarded-proto']).toBe('http');
  });

  test("passes on a TLS-terminating ingress's X-Forwarded-Proto: https", async ({ stack }) => {
    const headers = await headersSentUpstream(stack, { 'X-Forwarded-Proto': 'https' });

    expect(headers['x-forwarded-proto']).toBe('https');
  });

  test('answers 502 in JSON while the API is down, and 200 once it is back', async ({ request, stack }) => {
    await stack.api.stop();

    const down = await request.get('/api/dinosaurs');

    expect(down.status()).toBe(502);
    expect(down.headers()['content-type']).toBe('application/json');
    expect(down.headers()['cache-control']).toBeUndefined();
    expectSecurityHeaders(down);
    expect(await down.text()).toBe(UNREACHABLE);

    await stack.api.start();

    expect((await request.get('/api/dinosaurs')).status()).toBe(200);
  });

  test('lets the built viewer run under its Content-Security-Policy', async ({ page }) => {
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    const response = await page.goto('/');
    // The list appears only once the scripts have run and the API has answered through nginx.
    await expect(page.getByRole('list', { name: 'Dinosaurs' })).toBeVisible();

    expect(response?.headers()['content-security-policy']).toBe(CSP);
    await expect(page).toHaveTitle('Dinosaurs');
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  test('makes the browser refuse an inline script', async ({ page }) => {
    await page.goto('/');

    const violated = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => resolve(event.violatedDirective));
          // The event follows at once; without it, fail in 2 s rather than at the test's timeout.
          setTimeout(() => resolve('no securitypolicyviolation event within 2 s'), 2000);
          const inline = document.createElement('script');
          inline.textContent = 'document.title = "injected"';
          document.body.append(inline);
        }),
    );

    expect(violated).toBe('script-src-elem');
    await expect(page).toHaveTitle('Dinosaurs');
  });
});
