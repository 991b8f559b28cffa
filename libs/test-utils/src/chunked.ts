/** The body of a `Transfer-Encoding: chunked` message, its chunks joined (trailers dropped). */
export function decodeChunked(chunked: string): string {
  let body = '';
  for (let at = 0; ;) {
    const lineEnd = chunked.indexOf('\r\n', at);
    const size = parseInt(chunked.slice(at, lineEnd), 16);
    if (!(size > 0)) return body;
    body += chunked.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}
