import { CONTRACT_JSON } from '@dinosaurs/dinosaur-domain/testing';
import type { ServiceInfo } from '@dinosaurs/dinosaur-domain';

/** Answers one request; it may look at the request's signal, which the fake honours. */
type Handler = (signal: AbortSignal | undefined) => Response | Promise<Response>;

/** A JSON answer, with the status line nginx and the API send. */
export function json(body: unknown, status = 200, statusText = 'OK'): Response {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return new Response(text, { status, statusText, headers: { 'Content-Type': 'application/json' } });
}

export const INFO: ServiceInfo = { version: '1.0.0', commit: '3f2a9c1', hostname: 'api-7c9d8f6b5-x2kqp' };

/**
 * Stands in for the network, the one boundary the unit tests replace: `fetch('/api/…')` gets what
 * the handler for that path returns, by default the API's real `/dinosaurs` body and an `/info`.
 * Call it in a describe block; each test starts from the defaults. The browser tests
 * (apps/web-e2e) run the same code against the real API behind nginx.
 */
export function fakeApi() {
  const handlers = new Map<string, Handler>();
  const requests: string[] = [];
  const realFetch = globalThis.fetch;
  beforeEach(() => {
    handlers.clear();
    handlers.set('/api/dinosaurs', () => json(CONTRACT_JSON));
    handlers.set('/api/info', () => json(INFO));
    requests.length = 0;
    globalThis.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
      const path = String(input);
      const signal = init?.signal ?? undefined;
      requests.push(path);
      return new Promise<Response>((resolve, reject) => {
        // As a browser does: an aborted request rejects with an AbortError, whatever comes later.
        const abort = () => reject(new DOMException('The operation was aborted.', 'AbortError'));
        if (signal?.aborted) return abort();
        signal?.addEventListener('abort', abort, { once: true });
        const handler = handlers.get(path);
        const answer = handler
          ? handler(signal)
          : json({ statusCode: 404, error: 'Not Found', message: path }, 404, 'Not Found');
        Promise.resolve(answer).then(resolve, reject);
      });
    };
  });
  afterEach(() => {
    globalThis.fetch = realFetch;
  });
  return {
    requests,
    on(path: `/api/${string}`, handler: Handler) {
      handlers.set(path, handler);
    },
  };
}
