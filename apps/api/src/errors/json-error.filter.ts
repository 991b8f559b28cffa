import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Logger } from 'pino';
import { errorBody } from './error-body';

function messageOf(response: unknown): string {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return Array.isArray(message) ? message.join('; ') : String(message);
}

/**
 * Turns whatever a request raises into a JSON error. An exception that carries a body of its own
 * shape (Terminus's health report) keeps it; anything unexpected is a 500 that is logged with its
 * stack and answered without one.
 */
@Catch()
export class JsonErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const ownBody = typeof response === 'object' && !('statusCode' in response);
      reply
        .code(exception.getStatus())
        .send(ownBody ? response : errorBody(exception.getStatus(), messageOf(response)));
      return;
    }
    // Fastify's own errors (a body that does not parse, a media type it does not take) carry
    // a client status of their own.
    const statusCode = (exception as { statusCode?: unknown } | null)?.statusCode;
    if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
      reply.code(statusCode).send(errorBody(statusCode, (exception as Error).message));
      return;
    }
    this.logger.error({ err: exception }, 'unhandled error');
    reply
      .code(HttpStatus.INTERNAL_SERVER_ERROR)
      .send(errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'Internal server error'));
  }
}
