// Shared by every Jest project. NestJS 12 is ESM-only, so tests run as native ES modules
// (node --experimental-vm-modules, set by the test targets) and SWC compiles TypeScript to ESM,
// emitting the decorator metadata that Nest's dependency injection reads, and TSX with React's
// automatic JSX runtime.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));
// The libraries' import names are declared once, in tsconfig.base.json, for the compiler, Vite,
// Playwright and Jest alike.
const { paths } = JSON.parse(readFileSync(`${root}tsconfig.base.json`, 'utf8')).compilerOptions;
const libraries = Object.fromEntries(Object.entries(paths).map(([name, [file]]) => [`^${name}$`, `${root}${file}`]));

export default {
  testEnvironment: 'node',
  reporters: ['default', fileURLToPath(import.meta.resolve('@dinosaurs/test-utils/jest-summary-reporter'))],
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  // light-my-request (behind Fastify's inject) require()s the ESM-only cookie 2, which Jest's
  // module runtime allows only from Node 24.9; compiling it to CommonJS works on Node 20 too.
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
  transform: {
    '/node_modules/cookie/.+\\.js$': ['@swc/jest', { module: { type: 'commonjs' } }],
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          experimental: { keepImportAttributes: true, emitAssertForImportAttributes: false },
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
      },
    ],
    '^.+\\.tsx$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
        },
      },
    ],
  },
  moduleNameMapper: libraries,
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
};
