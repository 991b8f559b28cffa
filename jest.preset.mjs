// Shared by every Jest project. NestJS 12 is ESM-only, so tests run as native ES modules
// (node --experimental-vm-modules, set by the test targets) and SWC compiles TypeScript to ESM,
// emitting the decorator metadata that Nest's dependency injection reads.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.tsx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          experimental: { keepImportAttributes: true, emitAssertForImportAttributes: false },
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
        },
      },
    ],
  },
  moduleNameMapper: {
    '^@dinosaurs/domain$': `${root}libs/dinosaur-domain/src/index.ts`,
  },
  testMatch: ['**/?(*.)+(spec|test).[jt]s?(x)'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
};
