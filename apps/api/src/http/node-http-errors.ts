import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from '../errors/error-body';
import { SECURITY_HEADERS } from './security-headers';

const securityHeaderLines = Object.entries(SECURITY_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');

/** Writes a whole JSON error response on a raw socket, and closes it. */
function endWithError(socket: Socket, status: number, message: string, headers = ''): void {
  const body = errorBody(status, message);
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n${headers}` +
      `${securityHeaderLines}Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

const parserErrors: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request took too long to arrive'],
};

/** How long an answered malformed request's connection still reads what the client sends. */
const LINGER_MS = 1000;
const lingering = new WeakSet<Socket>();

/**
 * Reads and drops what the client still sends for a moment before the socket closes, as nginx's
 * lingering close does: closing a socket with unread data makes the kernel reset the connection,
 * and a proxy that gets the reset before it reads the answer reports a 502 instead.
 */
function lingerThenClose(socket: Socket): void {
  lingering.add(socket);
  // Node's own listener would go on feeding the failed parser, which fails again on every chunk.
  socket.removeAllListeners('data');
  socket.on('data', () => undefined);
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/**
 * Answers a request that Node's HTTP parser rejected (a bad request line, an unknown method,
 * oversized headers) with the same JSON error body as every other error, then closes.
 */
export function rejectMalformedRequest(error: NodeJS.ErrnoException, socket: Socket): void {
  if (lingering.has(socket)) return;
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] = parserErrors[error.code ?? ''] ?? [400, 'Malformed HTTP request'];
  endWithError(socket, status, message);
  lingerThenClose(socket);
}

/**
 * Node answers an unknown `Expect` (417) with an empty body, and drops a CONNECT, unless the server
 * listens for them; these answer in JSON like every other error.
 */
export function answerNodeLevelRequestsInJson(server: Server): void {
  server.on('checkExpectation', (_request: IncomingMessage, response: ServerResponse) => {
    const json = JSON.stringify(errorBody(417, 'Only "Expect: 100-continue" is supported'));
    response
      // Closed afterwards: a client may send the body it announced anyway.
      .writeHead(417, {
        ...SECURITY_HEADERS,
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(json),
        connection: 'close',
      })
      .end(json);
  });
  server.on('connect', (_request: IncomingMessage, socket: Socket) => {
    endWithError(socket, 405, 'CONNECT is not supported', 'Allow: GET, HEAD\r\n');
  });
}
