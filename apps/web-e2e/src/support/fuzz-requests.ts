import { gzipSync } from 'node:zlib';
import fc from 'fast-check';

/** A request as it goes on the wire: nothing here is checked or normalised. */
export interface FuzzRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body?: { readonly bytes: Uint8Array; readonly chunked: boolean };
}

const printable = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => String.fromCharCode(from + i));
/** Any character but CR and LF, which would end the line: control characters and high bytes included. */
const LINE_CHARS = [...printable(0, 9), ...printable(11, 12), ...printable(14, 255)];
const URL_CHARS = [...printable(33, 126).filter((c) => c !== '#'), ' ', '\t', '\u0000', '\u007f', '\u00e9', '\u00ff'];
const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,16}$/;

const long = (max: number) => fc.nat({ max }).map((n) => 'a'.repeat(n));

const segment = fc.oneof(
  { arbitrary: fc.string({ unit: fc.constantFrom(...'abcxyzABC0189-._~'), maxLength: 12 }), weight: 4 },
  // Text in any script, percent-encoded as a browser would send it.
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }).map(encodeURIComponent), weight: 2 },
  // Any byte, percent-encoded: %00, %2F (a slash), %2E (a dot), invalid UTF-8.
  { arbitrary: fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`), weight: 2 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...URL_CHARS), maxLength: 6 }), weight: 2 },
  fc.constantFrom('..', '.', '', '%2e%2e', '%', '%zz', '%%', ';', '*', '~', 'index.html', 'api', 'assets', 'healthz'),
  // Past nginx's 8 kB request line now and then: a 414.
  { arbitrary: long(12_000), weight: 1 },
);

const query = fc.oneof(
  fc.constant(''),
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom('diet', 'q', 'sort', 'order'), fc.string({ maxLength: 8 })),
        fc.oneof(fc.constantFrom('carnivorous', 'herbivorous', 'length', 'desc'), fc.string({ maxLength: 20 })),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => `?${new URLSearchParams(pairs)}`),
  fc.string({ unit: fc.constantFrom(...URL_CHARS), maxLength: 40 }).map((raw) => `?${raw}`),
);

/** Paths under /api/, which nginx passes to the API. */
export const apiTarget = fc
  .tuple(
    fc.constantFrom('/api/', '/api/dinosaurs', '/api/dinosaurs/', '/api/info/', '/api/health/'),
    fc.array(segment, { maxLength: 3 }),
    query,
  )
  .map(([prefix, segments, search]) => `${prefix}${segments.join('/')}${search}`);

/** Any path nginx serves: the viewer, its assets, /healthz and the API. */
export const anyTarget = fc.oneof(
  apiTarget,
  fc
    .tuple(
      fc.constantFrom('/', '/assets/', '/healthz', '/index.html', '//', '/api'),
      fc.array(segment, { maxLength: 4 }),
      query,
    )
    .map(([prefix, segments, search]) => `${prefix}${segments.join('/')}${search}`),
  // Not a path at all.
  fc.constantFrom('*', 'http://127.0.0.1/api/dinosaurs', 'example.com:443', 'api', ''),
);

const method = fc.oneof(
  { arbitrary: fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), weight: 6 },
  fc.constantFrom('TRACE', 'CONNECT', 'PROPFIND', 'MKCOL', 'get', 'GET\u0000'),
  fc.stringMatching(TOKEN),
);

const headerValue = fc.oneof(
  fc.constantFrom(
    'gzip',
    'br, gzip;q=0, *;q=0',
    'identity;q=0',
    '*/*',
    'application/json',
    'text/html',
    'bytes=0-10',
    'bytes=-1',
    'bytes=9-1',
    'bytes=0-0,1-1,2-2,3-3,4-4,5-5',
    '100-continue',
    'websocket',
    'https',
    '"etag"',
    'W/"x", *',
    '127.0.0.1, ::1, unknown',
    'null',
    'Thu, 01 Jan 1970 00:00:00 GMT',
  ),
  fc.string({ unit: fc.constantFrom(...LINE_CHARS), maxLength: 40 }),
  // Past nginx's 8 kB header line now and then: a 400.
  long(12_000),
);

/** Any header but those that frame the request, which `toBytes` sets so that nginx reads it all. */
const header = fc.tuple(
  fc.oneof(
    fc.constantFrom(
      'Accept',
      'Accept-Encoding',
      'Accept-Language',
      'Content-Type',
      'Content-Encoding',
      'Cookie',
      'Range',
      'If-None-Match',
      'If-Modified-Since',
      'If-Range',
      'X-Forwarded-For',
      'X-Forwarded-Proto',
      'Forwarded',
      'Origin',
      'Referer',
      'User-Agent',
      'Expect',
      'Authorization',
      'Upgrade',
      'TE',
      'Max-Forwards',
      'X-HTTP-Method-Override',
    ),
    fc.stringMatching(TOKEN).filter((name) => !/^(host|connection|content-length|transfer-encoding)$/i.test(name)),
  ),
  headerValue,
);

const bodyBytes = fc.oneof(
  fc.json().map((json) => Buffer.from(json)),
  fc.string({ unit: 'grapheme', maxLength: 200 }).map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 2000 }),
  fc.json().map((json) => gzipSync(json)),
  // Past nginx's client_max_body_size (1 MB) now and then: a 413.
  fc.constantFrom(70_000, 1024 * 1024 + 1).map((size) => Buffer.alloc(size, 'x')),
);

export function anyRequest(target: fc.Arbitrary<string>): fc.Arbitrary<FuzzRequest> {
  return fc.record(
    {
      method,
      target,
      headers: fc.array(header, { maxLength: 6 }),
      body: fc.record({ bytes: bodyBytes, chunked: fc.boolean() }),
    },
    { requiredKeys: ['method', 'target', 'headers'] },
  );
}

/** The request's bytes: HTTP/1.1, `Connection: close`, and the body framed by length or in chunks. */
export function toBytes({ method, target, headers, body }: FuzzRequest): Buffer {
  const framing = body
    ? body.chunked
      ? ['Transfer-Encoding: chunked']
      : [`Content-Length: ${body.bytes.length}`]
    : [];
  const head = [
    `${method} ${target} HTTP/1.1`,
    'Host: 127.0.0.1',
    ...headers.map(([name, value]) => `${name}: ${value}`),
    ...framing,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  if (!body) return Buffer.from(head);
  const payload = body.chunked
    ? Buffer.concat([
        Buffer.from(body.bytes.length > 0 ? `${body.bytes.length.toString(16)}\r\n` : ''),
        body.bytes,
        Buffer.from(body.bytes.length > 0 ? '\r\n0\r\n\r\n' : '0\r\n\r\n'),
      ])
    : body.bytes;
  return Buffer.concat([Buffer.from(head), payload]);
}
