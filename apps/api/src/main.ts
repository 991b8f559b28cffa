// The API's entry point. It runs the bundle of server.ts (server.js beside it) from a cache of the
// code V8 compiled for it in an earlier run, read from the folder that CODE_CACHE names.
//
// Node's own compile cache (NODE_COMPILE_CACHE) is made as a module is compiled, before it runs,
// so it holds only the few functions V8 compiles eagerly; V8 compiles every other function on its
// first call, and so compiled most of what a start runs at every start. This cache is made when
// a run ends, and holds every function that run called. The image makes it as it is built
// (`node main.js --prime-code-cache`: start, answer each route once, exit).
//
//   node main.js [--prime-code-cache]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { fail } from './fail';
import type { CodeCache } from './server';

type Server = typeof import('./server');

function read(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

const bundle = join(__dirname, 'server.js');
const folder = process.env['CODE_CACHE'] || undefined;
const priming = process.argv.includes('--prime-code-cache');
if (priming && !folder) fail('--prime-code-cache needs CODE_CACHE, the folder to write the cache to');
const source = read(bundle) ?? fail(`cannot read ${bundle}, the bundle: build it with \`npx nx build api\``);
// Keyed by the bundle's bytes: V8 itself rejects a cache made by another V8 or with other flags,
// but checks only the length of the source.
const file = folder && join(folder, `${createHash('sha256').update(source).digest('hex').slice(0, 32)}.bin`);
const cachedData = file ? read(file) : undefined;
// The wrapper Node gives a CommonJS module; the bundle is one.
const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source.toString()}\n})`, {
  filename: bundle,
  cachedData,
});
const codeCache: CodeCache = !file
  ? 'off'
  : !cachedData
    ? 'absent'
    : script.cachedDataRejected
      ? 'rejected'
      : 'accepted';
const server = { exports: {} as Server };
script.runInThisContext()(server.exports, createRequire(bundle), server, bundle, __dirname);

server.exports.start(codeCache).then(async (address) => {
  if (file && codeCache !== 'accepted') {
    // Made at the exit, once every function of the start and of the requests served has been
    // compiled. A folder it cannot write (the image's, read-only) leaves the next start as this one.
    process.once('exit', () => {
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, script.createCachedData());
      } catch {
        // The start after it compiles the bundle, as this one did.
      }
    });
  }
  if (priming) {
    await server.exports
      .exercise(address)
      .catch((error: unknown) => fail(`priming the code cache: ${(error as Error).message}`));
    process.exit(0);
  }
});
