import ajvCompiler from '@fastify/ajv-compiler';
import fastJsonStringifyCompiler from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;

/**
 * Fastify builds its Ajv validator and its serializer compiler as it starts, some 50 ms of a cold
 * start here, yet no route of this API declares a schema. These build each one on the first
 * schema that needs it, if one ever comes.
 */
export function lazySchemaCompilers(): CompilersFactory {
  let validator: ReturnType<typeof ajvCompiler> | undefined;
  let serializer: ReturnType<typeof fastJsonStringifyCompiler> | undefined;
  return {
    buildValidator: (...args) => (validator ??= ajvCompiler())(...args),
    buildSerializer: (...args) => (serializer ??= fastJsonStringifyCompiler())(...args),
  };
}
