import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { APIResponse } from '@playwright/test';
import { expect, test } from './support/fixtures';

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

  for (const path of ['/?diet=carnivorous', '/some/page', '/dinosaurs/tyrannosaurus']) {
    test(`serves index.html for the client-side route ${path}`, async ({ request }) => {
      const response = await request.get(path);

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
    await page.waitForLoadState('networkidle');

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
          const inline = document.createElement('script');
          inline.textContent = 'document.title = "injected"';
          document.body.append(inline);
        }),
    );

    expect(violated).toBe('script-src-elem');
    await expect(page).toHaveTitle('Dinosaurs');
  });
});
