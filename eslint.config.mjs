import nx from '@nx/eslint-plugin';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';

const fixtures = { name: '@dinosaurs/dinosaur-domain/testing', message: 'Test fixtures are for tests only.' };

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/.nx'] },
  { files: ['apps/web/**/*.ts', 'apps/web/**/*.tsx'], ...reactHooks.configs.flat['recommended-latest'] },
  { files: ['apps/web/**/*.tsx'], ...jsxA11y.flatConfigs.strict },
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      // A `let` that a callback reads before the one assignment that follows cannot be a `const`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          depConstraints: [
            // Layers: apps compose the domain; the domain stands alone and stays framework-free; the
            // test utilities serve the tests and the tools, never an app.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:domain', 'type:test-utils'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:domain', 'type:test-utils'] },
            { sourceTag: 'type:test-utils', onlyDependOnLibsWithTags: [] },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain'],
              // No package at all: the domain is plain TypeScript.
              allowedExternalImports: [],
            },
            // Scopes: an app's code is its own; only the shared scope is shared.
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:web', onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:workspace', onlyDependOnLibsWithTags: ['scope:shared'] },
          ],
        },
      ],
    },
  },
  {
    // Test fixtures stay out of production code.
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['**/*.spec.ts', '**/*.spec.tsx', '**/src/testing/**', 'apps/*-e2e/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [fixtures] }] },
  },
  {
    // The viewer shows what the API serves: it takes the types from the domain, never the data.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    ignores: ['**/*.spec.ts', '**/*.spec.tsx', '**/src/testing/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            fixtures,
            {
              name: '@dinosaurs/dinosaur-domain',
              importNames: ['DINOSAURS'],
              message: 'The viewer fetches the dinosaurs from the API.',
            },
          ],
        },
      ],
    },
  },
];
