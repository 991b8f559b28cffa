import { connect } from 'node:net';
import { decodeChunked } from './chunked';

export interface RawResponse {
  /** 0 when the server closed the connection without a status line. */
  readonly status: number;
  /** Lower-case names; a repeated header keeps its last value. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * The first final response in what a server sent (past any `100 Continue`), its body cut at its
 * Content-Length or its chunks decoded; a response to HEAD has no body.
 */
export function parseResponse(received: string, method = 'GET'): RawResponse {
  while (/^HTTP\/1\.1 1\d\d /.test(received)) received = received.slice(received.indexOf('\r\n\r\n') + 4);
  const end = received.indexOf('\r\n\r\n');
  const [statusLine = '', ...lines] = (end === -1 ? received : received.slice(0, end)).split('\r\n');
  const headers = Object.fromEntries(
    lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
  );
  let body = end === -1 || method === 'HEAD' ? '' : received.slice(end + 4);
  if (headers['content-length'] !== undefined) body = body.slice(0, Number(headers['content-length']));
  else if (headers['transfer-encoding'] === 'chunked') body = decodeChunked(body);
  return { status: Number(/^HTTP\/1\.[01] (\d{3}) /.exec(statusLine)?.[1] ?? 0), headers, body };
}

/**
 * Sends the bytes as they are, for requests no HTTP client would send, and reads all the server
 * sends until it closes the connection (a request that keeps it open should say `Connection: close`).
 * Bytes are read as latin1, so any byte can be seen as sent. Rejects if 20 s pass with nothing
 * received.
 */
export function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  const method = Buffer.from(request).toString('latin1').split(' ', 1)[0];
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let received = '';
    socket.setEncoding('latin1');
    socket.setTimeout(20_000, () => {
      socket.destroy();
      reject(new Error(`no answer within 20 s; received so far: ${JSON.stringify(received.slice(0, 200))}`));
    });
    socket.on('data', (chunk: string) => (received += chunk));
    // The server may answer and close before it has read all of a request it refuses.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error),
    );
    socket.on('close', () => resolve(parseResponse(received, method)));
  });
}
