import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from './json-error.filter';

/** Writes a whole JSON error response on a raw socket, and closes it. */
function endWithError(socket: Socket, status: number, message: string, headers = ''): void {
  const body = errorBody(status, message);
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n${headers}` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}

const parserErrors: Record<string, [number, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'The request headers are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'The request took too long to arrive'],
};

/**
 * Answers a request that Node's HTTP parser rejected (a bad request line, an unknown method,
 * oversized headers) with the same JSON error body as every other error, then closes.
 */
export function rejectMalformedRequest(error: NodeJS.ErrnoException, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, message] = parserErrors[error.code ?? ''] ?? [400, 'Malformed HTTP request'];
  endWithError(socket, status, message);
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
