import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Whether the process has been asked to stop and is taking itself out of rotation. */
@Injectable()
export class Drain {
  private started = false;

  /**
   * Adds a Fastify hook of its own rather than taking the adapter's one request-hook slot, which
   * whatever set it next would silently take over. It is added as the application is built, before
   * the hooks that may answer a request themselves (CORS's preflight, the rate limit's 429), so that
   * their answers during a drain ask to close too; until the drain begins it only calls on.
   */
  constructor(adapterHost: HttpAdapterHost) {
    adapterHost.httpAdapter
      .getInstance<FastifyInstance>()
      .addHook('onRequest', (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
        if (this.started) reply.header('connection', 'close');
        done();
      });
  }

  /**
   * From now on readiness fails, and every response asks its client to close the connection, so
   * that keep-alive clients reconnect, to another replica, before this one stops.
   */
  begin(): void {
    this.started = true;
  }

  get draining(): boolean {
    return this.started;
  }
}
