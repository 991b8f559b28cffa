import type { Socket } from 'node:net';
import { errorBody } from './json-error.filter';

const statusOf: Record<string, number> = { HPE_HEADER_OVERFLOW: 431, ERR_HTTP_REQUEST_TIMEOUT: 408 };
const messageOf: Record<number, string> = {
  400: 'Malformed HTTP request',
  408: 'The request took too long to arrive',
  431: 'The request headers are too large',
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
  const status = statusOf[error.code ?? ''] ?? 400;
  const body = errorBody(status, messageOf[status]);
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}
