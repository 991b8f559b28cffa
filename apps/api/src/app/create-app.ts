import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { VERSION } from '../version';
import type { Config } from '../config/config';
import { NestLogger } from '../logging/logger';
import { RequestObserver } from '../metrics/request-observer';
import { AppModule } from './app.module';
import { hardenHttp } from '../http/http-hardening';
import { errorBody } from '../errors/error-body';
import { JsonErrorFilter } from '../errors/json-error.filter';
import { schemaCompilers } from '../http/schema-compilers';
import { answerNodeLevelRequestsInJson, rejectMalformedRequest } from '../http/node-http-errors';
import { SECURITY_HEADERS } from '../http/security-headers';
import { serverOptions } from '../http/server-options';

/** The API, initialised but not yet listening: `main` listens, tests `inject`. */
export async function createApp(config: Config, logger: Logger): Promise<NestFastifyApplication> {
  let observer: RequestObserver | undefined;
  const adapter = new FastifyAdapter({
    ...serverOptions(config),
    // No Nest middleware: @fastify/middie would only add a hook that every request runs through.
    skipMiddie: true,
    schemaController: { compilersFactory: schemaCompilers },
    clientErrorHandler: rejectMalformedRequest,
    // What the router rejects before any handler runs (a malformed URL, an over-long one).
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      reply
        .code(error.statusCode ?? 400)
        .headers(SECURITY_HEADERS)
        .send(errorBody(error.statusCode ?? 400, error.message));
      // Fastify runs no response hook for what its router rejects, so it is recorded here.
      observer?.record(request, reply);
    },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, logger), adapter, {
    logger: new NestLogger(logger),
    abortOnError: false,
  });
  observer = app.get(RequestObserver);
  answerNodeLevelRequestsInJson(app.getHttpServer());
  await hardenHttp(app, config);
  app.useGlobalFilters(new JsonErrorFilter(logger));
  // Only the JSON document is served (`ui: false`, so the 'docs' path stays unused), and it is built
  // on the first request for it, not at start-up.
  SwaggerModule.setup(
    'docs',
    app,
    () =>
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Dinosaur API')
          .setDescription('Dinosaurs for REST consumers')
          .setVersion(VERSION)
          .build(),
      ),
    { ui: false, raw: ['json'], jsonDocumentUrl: 'openapi.json' },
  );
  return app.init();
}
