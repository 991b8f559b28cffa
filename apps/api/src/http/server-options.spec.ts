import type { Server } from 'node:http';
import { createTestApp, type TestApp } from '../testing/test-app';
import { BODY_LIMIT_BYTES, CONNECTION_TIMEOUT_MS, MAX_HEADER_BYTES, TIMEOUT_CHECK_INTERVAL_MS } from './server-options';

describe('the HTTP server limits', () => {
  let api: TestApp;
  afterEach(() => api.app.close());

  it('are set on the Node server, the timeouts from the configuration', async () => {
    api = await createTestApp({ requestTimeoutMs: 7000, keepAliveTimeoutMs: 620_000 });
    const server = api.app.getHttpServer() as Server & { maxHeaderSize: number };

    expect({
      maxHeaderSize: server.maxHeaderSize,
      headersTimeout: server.headersTimeout,
      requestTimeout: server.requestTimeout,
      timeout: server.timeout,
      keepAliveTimeout: server.keepAliveTimeout,
      maxRequestsPerSocket: server.maxRequestsPerSocket,
    }).toEqual({
      maxHeaderSize: MAX_HEADER_BYTES,
      headersTimeout: 7000,
      requestTimeout: 7000,
      timeout: CONNECTION_TIMEOUT_MS,
      keepAliveTimeout: 620_000,
      maxRequestsPerSocket: 0,
    });
    expect([MAX_HEADER_BYTES, CONNECTION_TIMEOUT_MS, TIMEOUT_CHECK_INTERVAL_MS]).toEqual([16_384, 30_000, 1000]);
  });

  it('keep an idle connection open longer than nginx does (60 s) by default', async () => {
    api = await createTestApp();

    expect((api.app.getHttpServer() as Server).keepAliveTimeout).toBe(72_000);
  });

  it(`refuses a body over ${BODY_LIMIT_BYTES} bytes with 413 in JSON`, async () => {
    api = await createTestApp();

    const response = await api.app.inject({
      method: 'POST',
      url: '/dinosaurs',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ Name: 'x'.repeat(BODY_LIMIT_BYTES) }),
    });

    expect(response.statusCode).toBe(413);
    expect(response.body).toBe('{"statusCode":413,"error":"Payload Too Large","message":"Request body is too large"}');
  });
});
