import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { LOGGER } from '../config/config.module';
import { logRequest } from '../logging/logger';
import { HttpMetrics } from './http-metrics';

/** Counts, times and logs every answered request, once it has been sent. */
@Injectable()
export class RequestObserver implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly metrics: HttpMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * A Fastify hook of its own rather than the adapter's one response-hook slot: that slot wraps
   * every call in a closure of its own, and whatever set it next would silently replace this.
   */
  onModuleInit(): void {
    this.adapterHost.httpAdapter
      .getInstance<FastifyInstance>()
      .addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
        this.record(request, reply);
        done();
      });
  }

  /** Counts, times and logs one answered request. */
  record(request: FastifyRequest, reply: FastifyReply): void {
    // Unmatched paths share one label, so that scanners cannot blow up the series count.
    const route = request.routeOptions.url ?? 'unmatched';
    const status = reply.statusCode;
    const ms = reply.elapsedTime;
    this.metrics.observe(request.method, route, status, ms / 1000);
    // Probes and scrapes come every few seconds; at info level they would drown the real traffic.
    const level = route.startsWith('/health/') || route === '/metrics' ? 'debug' : 'info';
    logRequest(this.logger, level, {
      method: request.method,
      route,
      url: request.url,
      status,
      durationMs: Math.round(ms * 100) / 100,
    });
  }
}
