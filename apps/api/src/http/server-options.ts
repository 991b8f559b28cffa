import type { Server } from 'node:http';
import type { FastifyHttpOptions } from 'fastify';
import type { Config } from '../config/config';

/** Node's default, set explicitly: every header nginx forwards fits (its buffers are 4 × 8 KiB per line). */
export const MAX_HEADER_BYTES = 16 * 1024;

/** The API takes no bodies; one larger than this is refused with 413 before it is read. */
export const BODY_LIMIT_BYTES = 1024;

/**
 * A connection that moves no byte either way for this long is closed: a client that stops
 * reading its answer. Arriving requests are bounded more tightly by `requestTimeoutMs`.
 */
export const CONNECTION_TIMEOUT_MS = 30_000;

/**
 * How often Node looks for requests past their timeouts. Its default, 30 s, would let a slow
 * client hold a connection up to 30 s beyond them; a sweep a second over the open connections is cheap.
 */
export const TIMEOUT_CHECK_INTERVAL_MS = 1000;

/** The HTTP server's limits and the address it believes is the client's. */
export function serverOptions(config: Config): FastifyHttpOptions<Server> {
  return {
    http: {
      maxHeaderSize: MAX_HEADER_BYTES,
      // Headers and the whole request share one bound (slowloris): the API reads no body.
      headersTimeout: config.requestTimeoutMs,
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
    },
    requestTimeout: config.requestTimeoutMs,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    // Longer than the idle timeout of any proxy in front (nginx's upstream keep-alive: 60 s), so the
    // proxy, never the API, closes an idle connection: else it may reuse one the API is closing (502).
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // No cap on requests per connection: nginx pools its connections to the API, and the drain on
    // SIGTERM already asks every client to reconnect elsewhere.
    maxRequestsPerSocket: 0,
    bodyLimit: BODY_LIMIT_BYTES,
    // `X-Forwarded-For` only from the proxies known to be in front; without any it is ignored, since
    // any client could write it.
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
  };
}
