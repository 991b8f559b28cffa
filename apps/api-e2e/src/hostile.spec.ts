import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { CONTRACT_JSON } from '@dinosaurs/dinosaur-domain/testing';
import fc from 'fast-check';
import { copyOfBundle, RunningApi, runtimes } from './bundle';
import { parseResponse, rawRequest, type RawResponse } from '@dinosaurs/test-utils';

/** Fixed, so that a failure reproduces; `FUZZ_SEED=<n>` explores other inputs. */
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_261_127);
const FUZZ_RUNS = 400;
/**
 * What the process's RSS may grow by over the fuzz run, after a warm-up pass, room for the heap to
 * settle on Node 20 and 24 (docs/reliability.md). The bound catches a leak of 40 kB or more per request (a
 * socket, a parser or a buffered body kept alive), not a small one: RSS is too coarse for that.
 */
const RSS_GROWTH_LIMIT_BYTES = 16 * 1024 * 1024;

const CORS_ORIGIN = 'https://dinosaurs.example';
const TIMEOUT_408 = '{"statusCode":408,"error":"Request Timeout","message":"The request took too long to arrive"}';
const MALFORMED = '{"statusCode":400,"error":"Bad Request","message":"Malformed HTTP request"}';
const HEADERS_TOO_LARGE =
  '{"statusCode":431,"error":"Request Header Fields Too Large","message":"The request headers are too large"}';
const JSON_TYPE = 'application/json; charset=utf-8';

function residentSetBytes(pid: number): number {
  const kB = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kB) * 1024;
}

/** Fails unless the answer is a harmless one: a status below 500, any error body in the API's shape. */
function expectHarmless(response: RawResponse): void {
  expect(response.status).toBeGreaterThanOrEqual(200);
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400 && response.body !== '') {
    expect(response.headers['content-type']).toBe(JSON_TYPE);
    const body = JSON.parse(response.body);
    expect(Object.keys(body)).toEqual(['statusCode', 'error', 'message']);
    expect(body.statusCode).toBe(response.status);
  }
}

/** Every request that no client would send: the request line and headers by hand, as bytes. */
const hostileRequest = (() => {
  const percentByte = fc.integer({ min: 0, max: 255 }).map((byte) => `%${byte.toString(16).padStart(2, '0')}`);
  const segment = fc.oneof(
    fc.constantFrom('dinosaurs', 'health', 'live', 'ready', 'metrics', 'info', 'openapi.json', 'tyrannosaurus'),
    fc.constantFrom('..', '.', '', '%', '%2F', '%00', '%C0%AF', '%C0%AE%C0%AE', '%E0%A4%A', '%ED%A0%80', '%FF', '%ZZ'),
    fc.stringMatching(/^[\w.~!$&'()*+,;=:@-]{0,12}$/),
    fc.array(percentByte, { maxLength: 6 }).map((bytes) => bytes.join('')),
    fc.integer({ min: 90, max: 3000 }).map((length) => 'a'.repeat(length)),
  );
  const path = fc.oneof(
    fc.array(segment, { minLength: 1, maxLength: 5 }).map((segments) => `/${segments.join('/')}`),
    fc.constantFrom('*', 'http://evil.example/dinosaurs', '//dinosaurs', '/dinosaurs/', '/DINOSAURS'),
  );
  const query = fc.oneof(
    fc.constant(''),
    fc
      .array(
        fc.tuple(
          fc.oneof(fc.constantFrom('diet', 'diet[]', '__proto__', 'constructor'), fc.stringMatching(/^\w{0,6}$/)),
          fc.oneof(fc.constantFrom('carnivorous', 'herbivorous', '%ZZ', '%C0%80'), segment),
        ),
        { maxLength: 4 },
      )
      .map((pairs) => `?${pairs.map(([key, value]) => `${key}=${value}`).join('&')}`),
  );
  const method = fc.oneof(
    fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'),
    fc.stringMatching(/^[A-Za-z]{1,10}$/),
  );
  // Connection, Content-Length and Transfer-Encoding are set below: each request ends with its close.
  const headerName = fc
    .oneof(
      fc.constantFrom('If-None-Match', 'Origin', 'Content-Type', 'Expect', 'X-Forwarded-For', 'Range', 'Accept'),
      fc.stringMatching(/^[\w!#$%&'*+.^`|~-]{1,20}$/),
    )
    .filter((name) => !/^(connection|content-length|transfer-encoding)$/i.test(name));
  // Visible ASCII, obs-text (bytes 0x80 to 0xFF, so invalid UTF-8 too) and now and then a control byte.
  const headerValue = fc
    .array(
      fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0x20, max: 0xff }) }, fc.integer({ min: 0, max: 0x1f })),
      {
        maxLength: 60,
      },
    )
    .map((bytes) => Buffer.from(bytes.filter((byte) => byte !== 0x0d && byte !== 0x0a && byte !== 0x7f)));
  const header = fc.tuple(headerName, headerValue);
  const body = fc.option(fc.uint8Array({ maxLength: 2048 }), { nil: undefined });
  return fc
    .record({ method, path, query, headers: fc.array(header, { maxLength: 30 }), body, rawPath: fc.boolean() })
    .map(({ method, path, query, headers, body, rawPath }) => {
      // Half the time the path goes out as raw bytes: percent-decoded, invalid UTF-8 and all.
      const target = rawPath ? Buffer.from(decodeBytes(path + query)) : Buffer.from(path + query, 'latin1');
      const lines = headers.map(([name, value]) =>
        Buffer.concat([Buffer.from(`${name}: `), value, Buffer.from('\r\n')]),
      );
      return Buffer.concat([
        Buffer.from(`${method} `),
        target,
        Buffer.from(' HTTP/1.1\r\nHost: 127.0.0.1\r\n'),
        ...lines,
        Buffer.from(body ? `Content-Length: ${body.length}\r\n` : ''),
        Buffer.from('Connection: close\r\n\r\n'),
        body ?? Buffer.alloc(0),
      ]);
    });
})();

/**
 * `%XX` sequences as the bytes they name, the rest as it is. A space, CR or LF stays escaped: they
 * would end the request line, and what followed could hold the connection open.
 */
function decodeBytes(text: string): number[] {
  const bytes: number[] = [];
  for (let at = 0; at < text.length; at++) {
    const hex = /^%([0-9a-fA-F]{2})/.exec(text.slice(at))?.[1];
    const byte = hex === undefined ? undefined : parseInt(hex, 16);
    if (byte === undefined || byte === 0x20 || byte === 0x0d || byte === 0x0a) {
      bytes.push(text.charCodeAt(at) & 0xff);
    } else {
      bytes.push(byte);
      at += 2;
    }
  }
  return bytes;
}

/**
 * Opens a connection that sends the start of a request and then one more header line every 100 ms,
 * never finishing: a slowloris. Resolves with all the server sent once it closes the connection.
 */
async function slowloris(port: number): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  let received = '';
  socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
  socket.on('error', () => undefined);
  socket.write('GET /dinosaurs HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  const trickle = setInterval(() => socket.write('X-Slow: 1\r\n'), 100);
  await once(socket, 'close');
  clearInterval(trickle);
  return received;
}

describe.each(runtimes())('the built API on $label, against hostile input', (runtime) => {
  const bundle = copyOfBundle();
  let api: RunningApi;
  beforeAll(async () => {
    // CORS and a limit too high to trip: their hooks are in the path of every fuzzed request.
    api = await RunningApi.start(runtime, bundle, {
      REQUEST_TIMEOUT_MS: '1000',
      CORS_ORIGINS: CORS_ORIGIN,
      RATE_LIMIT_MAX: '1000000',
    });
  });
  afterAll(() => RunningApi.stopAll());

  it(`answers ${FUZZ_RUNS} random malformed requests without a 5xx, each error in JSON, in bounded memory`, async () => {
    const fuzz = (seed: number, numRuns: number) =>
      fc.assert(
        fc.asyncProperty(hostileRequest, async (request) => expectHarmless(await rawRequest(api.port, request))),
        { seed, numRuns },
      );
    // A first pass with other inputs warms the process up (compiled code, heap sizes, the OpenAPI document).
    await fuzz(SEED + 1, FUZZ_RUNS / 2);
    const before = residentSetBytes(api.process.pid as number);

    await fuzz(SEED, FUZZ_RUNS);

    const after = residentSetBytes(api.process.pid as number);
    const stillServing = await fetch(`${api.url}/dinosaurs`);
    expect([stillServing.status, await stillServing.text()]).toEqual([200, CONTRACT_JSON]);
    expect(after - before).toBeLessThan(RSS_GROWTH_LIMIT_BYTES);
    expect(api.stderr).toEqual([]);
    // Every line is JSON, whatever bytes the request line held.
    expect(api.logs).toHaveLength(api.stdout.length);
    expect(api.logs.filter((line) => line['level'] === 'error' || line['level'] === 'fatal')).toEqual([]);
  });

  it.each<[string, string | Buffer, number, string]>([
    [
      'an overlong UTF-8 encoding of "../"',
      'GET /dinosaurs/%C0%AE%C0%AE%C0%AF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      400,
      `{"statusCode":400,"error":"Bad Request","message":"'/dinosaurs/%C0%AE%C0%AE%C0%AF' is not a valid url component"}`,
    ],
    [
      'raw bytes that are not UTF-8 in the path',
      Buffer.concat([
        Buffer.from('GET /dinosaurs/'),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(' HTTP/1.1\r\nHost: x\r\n\r\n'),
      ]),
      400,
      MALFORMED,
    ],
    [
      'an encoded NUL',
      'GET /dinosaurs/%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      404,
      '{"statusCode":404,"error":"Not Found","message":"No dinosaur is called \\"\\\\u0000\\""}',
    ],
    [
      'an encoded path traversal',
      'GET /dinosaurs/%2e%2e%2f%2e%2e%2fetc HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      404,
      '{"statusCode":404,"error":"Not Found","message":"No dinosaur is called \\"../../etc\\""}',
    ],
    [
      'a name over 100 characters',
      `GET /dinosaurs/${'a'.repeat(101)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      414,
      `{"statusCode":414,"error":"URI Too Long","message":"'/dinosaurs/${'a'.repeat(101)}' is exceeding the max param length"}`,
    ],
    [
      'a 20 kB URL',
      `GET /dinosaurs?diet=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      431,
      HEADERS_TOO_LARGE,
    ],
    [
      '3000 headers',
      `GET /dinosaurs HTTP/1.1\r\nHost: x\r\n${'X-Dino: rawr\r\n'.repeat(3000)}\r\n`,
      431,
      HEADERS_TOO_LARGE,
    ],
    [
      'a body over 1 kB on a POST',
      `POST /dinosaurs HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000\r\nConnection: close\r\n\r\n${'x'.repeat(5000)}`,
      413,
      '{"statusCode":413,"error":"Payload Too Large","message":"Request body is too large"}',
    ],
    [
      'both Content-Length and Transfer-Encoding (request smuggling)',
      'POST /dinosaurs HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
      400,
      MALFORMED,
    ],
    [
      'a Content-Length that is no number',
      'GET /dinosaurs HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      400,
      MALFORMED,
    ],
    ['a control character in a header', 'GET /dinosaurs HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n', 400, MALFORMED],
    ['bare line feeds', 'GET /dinosaurs HTTP/1.1\nHost: x\nConnection: close\n\n', 400, MALFORMED],
    ['the HTTP/2 preface', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 400, MALFORMED],
    [
      'TRACE',
      'TRACE /dinosaurs HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      404,
      '{"statusCode":404,"error":"Not Found","message":"Cannot TRACE /dinosaurs"}',
    ],
  ])('answers %s with a JSON error that carries the security headers', async (_, request, status, body) => {
    const response = await rawRequest(api.port, request);

    expect([response.status, response.headers['content-type'], response.body]).toEqual([status, JSON_TYPE, body]);
    expect(response.headers).toMatchObject({
      'content-security-policy': "default-src 'none';frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
  });

  it('ignores a body sent with GET, and odd but valid requests get their normal answer', async () => {
    const withBody = await rawRequest(
      api.port,
      'GET /dinosaurs HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nrawr!',
    );
    const http10 = await rawRequest(api.port, 'GET /dinosaurs HTTP/1.0\r\n\r\n');
    const pollutedQuery = await rawRequest(
      api.port,
      'GET /dinosaurs?__proto__=x&constructor=y&diet[]=z HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    const manyHeaders = await rawRequest(
      api.port,
      `GET /dinosaurs HTTP/1.1\r\nHost: x\r\n${'X-Dino: rawr\r\n'.repeat(100)}Connection: close\r\n\r\n`,
    );

    for (const response of [withBody, http10, pollutedQuery, manyHeaders]) {
      expect([response.status, response.body]).toEqual([200, CONTRACT_JSON]);
    }
  });

  it('answers a header it refuses with 400 even while a large body is still arriving, never with a reset', async () => {
    // Closing with the body unread would make the kernel reset the connection, and a proxy (nginx)
    // that reads the reset before the answer reports a 502 instead; the API reads and drops it first.
    const request = Buffer.concat([
      Buffer.from('POST /dinosaurs HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\nContent-Length: 900000\r\n\r\n'),
      Buffer.alloc(900_000, 'x'),
    ]);
    const statuses = [];
    for (let i = 0; i < 40; i++) statuses.push((await rawRequest(api.port, request)).status);

    expect(statuses).toEqual(Array(40).fill(400));
  });

  it('answers an HTTP/1.1 request without Host with 400 and no body: Node answers it before the app', async () => {
    const response = await rawRequest(api.port, 'GET /dinosaurs HTTP/1.1\r\nConnection: close\r\n\r\n');

    expect([response.status, response.body]).toEqual([400, '']);
  });

  it('cuts off clients that trickle their headers with 408 in JSON, and serves others meanwhile', async () => {
    const slow = Array.from({ length: 20 }, () => slowloris(api.port));

    const others = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${api.url}/dinosaurs`);
      others.push([response.status, await response.text()]);
    }

    expect(others).toEqual(Array(5).fill([200, CONTRACT_JSON]));
    for (const received of await Promise.all(slow)) {
      expect(parseResponse(received)).toMatchObject({ status: 408, body: TIMEOUT_408 });
    }
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
  });

  it('cuts off a connection that sends nothing, and one whose body never comes, with 408', async () => {
    const silent = connect(api.port, '127.0.0.1');
    const partialBody = connect(api.port, '127.0.0.1', () =>
      partialBody.write(
        'POST /dinosaurs HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"a',
      ),
    );
    const read = async (socket: typeof silent) => {
      let received = '';
      socket.setEncoding('latin1').on('data', (chunk: string) => (received += chunk));
      await once(socket, 'close');
      return parseResponse(received);
    };

    const [nothing, body] = await Promise.all([read(silent), read(partialBody)]);

    expect([nothing.status, nothing.body]).toEqual([408, TIMEOUT_408]);
    expect([body.status, body.body]).toEqual([408, TIMEOUT_408]);
  });
});

describe.each(runtimes())('the built API on $label with CORS and a rate limit', (runtime) => {
  const bundle = copyOfBundle();
  let api: RunningApi;
  beforeAll(async () => {
    api = await RunningApi.start(runtime, bundle, { CORS_ORIGINS: CORS_ORIGIN, RATE_LIMIT_MAX: '3' });
  });
  afterAll(() => RunningApi.stopAll());

  const get = (path: string, origin = CORS_ORIGIN) =>
    rawRequest(api.port, `GET ${path} HTTP/1.1\r\nHost: x\r\nOrigin: ${origin}\r\nConnection: close\r\n\r\n`);

  it('answers a preflight from a listed origin with 204 and what it allows', async () => {
    const response = await rawRequest(
      api.port,
      `OPTIONS /dinosaurs HTTP/1.1\r\nHost: x\r\nOrigin: ${CORS_ORIGIN}\r\nAccess-Control-Request-Method: GET\r\n` +
        'Access-Control-Request-Headers: if-none-match\r\nConnection: close\r\n\r\n',
    );

    expect([response.status, response.body]).toEqual([204, '']);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': CORS_ORIGIN,
      'access-control-allow-methods': 'GET, HEAD',
      'access-control-allow-headers': 'If-None-Match',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
  });

  it('grants a listed origin only, then answers 429 in JSON with Retry-After, and never limits the probes', async () => {
    const listed = await get('/dinosaurs');
    const unlisted = await get('/dinosaurs/diplodocus', 'https://evil.example');
    const third = await get('/nope');
    const limited = await get('/dinosaurs');
    const probes = await Promise.all(['/health/live', '/health/ready', '/metrics'].map((path) => get(path)));

    expect([listed.status, listed.headers['access-control-allow-origin'], listed.body]).toEqual([
      200,
      CORS_ORIGIN,
      CONTRACT_JSON,
    ]);
    expect([unlisted.status, unlisted.headers['access-control-allow-origin']]).toEqual([200, undefined]);
    expect(third.status).toBe(404);
    expect([limited.status, limited.headers['content-type'], limited.body]).toEqual([
      429,
      JSON_TYPE,
      '{"statusCode":429,"error":"Too Many Requests","message":"Too many requests: at most 3 every 60000 ms"}',
    ]);
    expect(limited.headers['retry-after']).toMatch(/^\d+$/);
    expect(limited.headers['access-control-allow-origin']).toBe(CORS_ORIGIN);
    expect(probes.map((response) => response.status)).toEqual([200, 200, 200]);
  });
});
