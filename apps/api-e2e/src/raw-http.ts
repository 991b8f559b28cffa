import { connect } from 'node:net';
import { decodeChunked } from '../../../tools/testing/chunked.mjs';

export interface RawResponse {
  /** 0 when the server closed the connection without answering. */
  readonly status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The first final response in what a server sent (past any `100 Continue`), its chunked body decoded. */
export function parseResponse(received: string): RawResponse {
  while (/^HTTP\/1\.1 1\d\d /.test(received)) received = received.slice(received.indexOf('\r\n\r\n') + 4);
  const end = received.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = (end === -1 ? received : received.slice(0, end)).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  let body = end === -1 ? '' : received.slice(end + 4);
  if (headers['content-length'] !== undefined) body = body.slice(0, Number(headers['content-length']));
  else if (headers['transfer-encoding'] === 'chunked') body = decodeChunked(body);
  return { status: Number(/^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1] ?? 0), headers, body };
}

/**
 * Sends bytes as they are, for requests that no HTTP client would send, and reads everything until
 * the server closes the connection. Bytes are read as latin1, so any byte sent can be seen as sent.
 */
export function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let response = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk) => (response += chunk));
    // The server may answer and close before it has read all of a request it refuses.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error),
    );
    socket.on('close', () => resolve(parseResponse(response)));
  });
}
