import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

function noSchemas(): never {
  throw new Error('no route of this API declares a schema: give Fastify a compiler in schema-compilers.ts first');
}

/**
 * No route of this API declares a schema (the bodies are serialized once, and no request has a
 * body), yet Fastify loads Ajv and fast-json-stringify and builds both compilers as it starts,
 * which a cold start pays for. These stand in for them; a route given a schema fails the start.
 */
export const schemaCompilers: CompilersFactory = { buildValidator: noSchemas, buildSerializer: noSchemas };
