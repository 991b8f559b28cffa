import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config';
import { SECURITY_HEADERS } from './security-headers';

/** Probes and scrapes come from the kubelet and Prometheus, and must never be throttled. */
const UNLIMITED_ROUTES = new Set(['/health/live', '/health/ready', '/metrics']);

/**
 * Security headers on every answer (Helmet's, computed once); CORS for the configured origins
 * only; and, if configured, a limit on requests per client address, which also covers unknown
 * routes (scanners) but never the probes. Hooks run in this order, so a preflight and a 429 carry
 * the security headers, and a 429 the CORS headers too, so a browser script can read it.
 */
export async function hardenHttp(app: NestFastifyApplication, config: Config): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (_request, reply, done) => {
    reply.headers(SECURITY_HEADERS);
    done();
  });
  // Each plugin is loaded only when it is configured, so that a start without it does not pay for it.
  if (config.corsOrigins.length > 0) {
    const { default: cors } = await import('@fastify/cors');
    await app.register(cors, {
      origin: [...config.corsOrigins],
      methods: ['GET', 'HEAD'],
      allowedHeaders: ['If-None-Match'],
      exposedHeaders: ['ETag', 'Retry-After'],
      // Browsers may keep a preflight answer this long (Chromium caps it at 2 h).
      maxAge: 600,
      // An OPTIONS that is no preflight gets an empty 204 rather than a plain-text 400.
      strictPreflight: false,
    });
  }
  if (config.rateLimitMax > 0) {
    const { default: rateLimit } = await import('@fastify/rate-limit');
    await app.register(rateLimit, {
      global: false,
      max: config.rateLimitMax,
      timeWindow: config.rateLimitWindowMs,
      allowList: (request: FastifyRequest) => UNLIMITED_ROUTES.has(request.routeOptions.url ?? ''),
      errorResponseBuilder: () =>
        Object.assign(
          new Error(`Too many requests: at most ${config.rateLimitMax} every ${config.rateLimitWindowMs} ms`),
          { statusCode: 429 },
        ),
    });
    // A hook of its own rather than one per route, so that it also covers unknown routes.
    fastify.addHook('onRequest', fastify.rateLimit());
  }
}
