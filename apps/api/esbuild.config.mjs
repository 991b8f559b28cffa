// esbuild emits no decorator metadata, and Nest's dependency injection reads the constructor
// parameter types from it; the TypeScript compiler emits it for the files that have decorators.
import esbuildPluginTsc from 'esbuild-plugin-tsc';

export default {
  // Nest and Swagger name providers and OpenAPI operations after the classes, so identifiers are
  // not mangled. `keepNames` would keep them too, but it wraps every named function in a
  // `__name()` call, which Fastify then pays on the closures it creates per request.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [esbuildPluginTsc({ tsconfigPath: 'apps/api/tsconfig.app.json' })],
  // The bundle is ESM (NestJS 12 is ESM-only), while Fastify and pino are CommonJS that call require().
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  // Optional packages that Nest and Swagger load only when asked for; this API asks for none.
  external: [
    '@nestjs/microservices',
    '@nestjs/platform-express',
    '@nestjs/websockets',
    '@fastify/static',
    '@fastify/view',
    '@fastify/multipart',
    'class-transformer',
    'class-validator',
  ],
};
