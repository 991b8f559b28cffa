// esbuild emits no decorator metadata, and Nest's dependency injection reads the constructor
// parameter types from it; the TypeScript compiler emits it for the files that have decorators.
import { readFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import esbuildPluginTsc from 'esbuild-plugin-tsc';

/**
 * Built-ins that a dependency loads as it loads but this API never calls: Fastify's server module
 * takes `https` and `http2` for servers this API does not run, prom-client's push gateway `https`,
 * and NestJS `tls`, to tell an HTTPS server by its class. Each is loaded on its first use instead,
 * which never comes: together they took longer to load than any package in the bundle.
 */
const UNUSED_BUILTINS = new Set(['https', 'http2', 'tls']);
const require = createRequire(import.meta.url);

/**
 * A module that loads `name` when one of its exports is first read. Its exports are getters, not
 * a proxy, so that esbuild's interop, which copies an imported module's keys, reads none of them.
 */
const lazyModule = (name) => `let loaded;
const load = () => (loaded ??= require('node:${name}'));
for (const key of ${JSON.stringify(Object.keys(require(`node:${name}`)))}) {
  Object.defineProperty(module.exports, key, { enumerable: true, get: () => load()[key] });
}`;

/**
 * Node's built-ins as CommonJS, also where a dependency imports them as ES modules. Node builds
 * the ES module of a built-in by reading every one of its exports at once, and reading `http`'s
 * WebSocket export loads undici, Node's whole fetch client; required, an export is read when used.
 */
const nodeBuiltins = {
  name: 'node-builtins',
  setup(build) {
    build.onResolve({ filter: /^(node:)?[a-z_/0-9]+$/ }, ({ path, kind, namespace }) => {
      const name = path.replace(/^node:/, '');
      if (namespace === 'node-builtin' || !builtinModules.includes(name)) return undefined;
      if (kind === 'import-statement' || UNUSED_BUILTINS.has(name)) return { path: name, namespace: 'node-builtin' };
      return undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'node-builtin' }, ({ path }) => ({
      contents: UNUSED_BUILTINS.has(path) ? lazyModule(path) : `module.exports = require('node:${path}');`,
      loader: 'js',
    }));
  },
};

/**
 * Nest's Logger and ConsoleLogger each build an Intl.DateTimeFormat as their modules load, and so
 * load ICU's locale data, in time and memory that every start pays, for a timestamp this API never
 * writes (main.ts gives Nest a logger of its own). Built on first use instead. The build fails if
 * Nest's source no longer has that line, so that the change is seen.
 */
const lazyNestDateFormatter = {
  name: 'lazy-nest-date-formatter',
  setup(build) {
    build.onLoad(
      { filter: /[\\/]@nestjs[\\/]common[\\/]services[\\/](console-)?logger\.service\.js$/ },
      async ({ path }) => {
        const source = await readFile(path, 'utf8');
        const eager = /const dateTimeFormatter = new Intl\.DateTimeFormat\(([^;]*)\);/;
        if (!eager.test(source)) throw new Error(`${path} no longer builds its date formatter as it loads`);
        const lazy =
          'let formatter; const dateTimeFormatter = { format: (date) => (formatter ??= new Intl.DateTimeFormat($1)).format(date) };';
        return { contents: source.replace(eager, lazy), loader: 'js' };
      },
    );
  },
};

/**
 * RxJS's ES modules rather than the CommonJS that its `node` export condition picks: bundled as
 * CommonJS, all of RxJS (some 250 operators and classes) is evaluated at every start;
 * as ES modules, only what NestJS imports is bundled. NestJS imports it only as ES modules, so no
 * second copy of its classes is bundled beside these.
 */
const rxjsEsm = {
  name: 'rxjs-esm',
  setup(build) {
    // One RxJS in the bundle, so its manifest is read once per build, not once per import.
    let manifest;
    build.onResolve({ filter: /^rxjs(\/operators)?$/ }, async ({ path, resolveDir }) => {
      manifest ??= build.resolve('rxjs/package.json', { kind: 'require-call', resolveDir }).then(async (found) => ({
        folder: dirname(found.path),
        exports: JSON.parse(await readFile(found.path, 'utf8')).exports,
      }));
      const { folder, exports } = await manifest;
      const module = exports[path.replace(/^rxjs/, '.')]?.es2015;
      if (!module) throw new Error(`rxjs no longer exports ${path} as ES2015 modules`);
      return { path: join(folder, module) };
    });
  },
};

export default {
  // Nest and Swagger name providers and OpenAPI operations after the classes, so identifiers are
  // not mangled. `keepNames` would keep them too, but it wraps every named function in a
  // `__name()` call, which Fastify then pays on the closures it creates per request.
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [
    esbuildPluginTsc({ tsconfigPath: 'apps/api/tsconfig.app.json' }),
    nodeBuiltins,
    lazyNestDateFormatter,
    rxjsEsm,
  ],
  // CommonJS, which main.ts runs through node:vm to give it a code cache (Node runs no ES module
  // that way without a flag), as `.js`: apps/api/package.json, copied beside them, gives no type.
  // NestJS 12 is ES modules, some of which call `createRequire(import.meta.url)`: the bundle's own
  // URL stands in for theirs.
  outExtension: { '.js': '.js' },
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Packages that Nest, Swagger and Fastify load only when asked for, which this API never does:
  // Fastify's schema compilers (schema-compilers.ts stands in for them) and its inject().
  external: [
    '@fastify/ajv-compiler',
    '@fastify/fast-json-stringify-compiler',
    'light-my-request',
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
