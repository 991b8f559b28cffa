import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Whether the process has been asked to stop and is taking itself out of rotation. */
@Injectable()
export class Drain {
  private started = false;

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  /**
   * From now on readiness fails, and every response asks its client to close the connection, so
   * that keep-alive clients reconnect, to another replica, before this one stops. The hook slot is
   * one Nest's adapter runs anyway, so serving normally costs nothing extra.
   */
  begin(): void {
    if (this.started) return;
    this.started = true;
    this.adapterHost.httpAdapter.setOnRequestHook((_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      reply.header('connection', 'close');
      done();
    });
  }

  get draining(): boolean {
    return this.started;
  }
}
