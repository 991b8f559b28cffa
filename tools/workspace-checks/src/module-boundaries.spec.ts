import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));

/** The messages of `rule` that ESLint reports for `code` placed at `filePath`. */
async function lintErrors(filePath: string, code: string, rule = '@nx/enforce-module-boundaries'): Promise<string[]> {
  const [result] = await new ESLint({ cwd: workspace }).lintText(code, { filePath });
  return result.messages.filter((message) => message.ruleId === rule).map((message) => message.message);
}

describe('module boundaries', () => {
  const domainFile = 'libs/dinosaur-domain/src/lib/probe.ts';

  // Packages on no list anywhere: the domain may import no package at all, not just the frameworks.
  it.each(['@nestjs/common', 'fastify', 'zod', 'prettier', '@fastify/ajv-compiler'])(
    'forbid the domain library to import the package %s',
    async (name) => {
      expect(await lintErrors(domainFile, `import * as imported from '${name}';\nexport { imported };\n`)).toEqual([
        `A project tagged with "type:domain" is not allowed to import "${name}"`,
      ]);
    },
  );

  it.each(['apps/api/src/probe.ts', 'apps/web/src/probe.tsx'])('let %s import the domain library', async (file) => {
    expect(await lintErrors(file, `export { sortDinosaurs } from '@dinosaurs/dinosaur-domain';\n`)).toEqual([]);
  });

  it.each([
    ['the domain library', 'libs/dinosaur-domain/src/lib/probe.ts', '../../../../apps/api/src/version'],
    ["the API's black-box tests", 'apps/api-e2e/src/probe.ts', '../../api/src/version'],
    ['the viewer', 'apps/web/src/probe.tsx', '../../api/src/version'],
    ["the viewer's browser tests", 'apps/web-e2e/src/probe.ts', '../../api/src/version'],
  ])("forbid %s to reach into the API's source", async (_who, filePath, path) => {
    expect(await lintErrors(filePath, `export * from '${path}';\n`)).toEqual([
      'Projects cannot be imported by a relative or absolute path, and must begin with a npm scope',
    ]);
  });

  describe('the test utilities', () => {
    const code = `export { freePort } from '@dinosaurs/test-utils';\n`;

    it.each([
      ['the API', 'apps/api/src/probe.ts', 'type:app'],
      ['the viewer', 'apps/web/src/probe.tsx', 'type:app'],
      ['the domain library', 'libs/dinosaur-domain/src/lib/probe.ts', 'type:domain'],
    ])('are out of reach of %s', async (_who, file, tag) => {
      expect(await lintErrors(file, code)).toEqual([
        expect.stringContaining(`A project tagged with "${tag}" can only depend on libs tagged with`),
      ]);
    });

    it.each([
      'apps/api-e2e/src/probe.ts',
      'apps/web-e2e/src/probe.ts',
      'tools/delivery/src/probe.ts',
      'tools/monitoring/src/probe.ts',
    ])('serve %s, by name', async (file) => {
      expect(await lintErrors(file, code)).toEqual([]);
    });

    it('import no other project of the workspace', async () => {
      const domain = `export { DINOSAURS } from '@dinosaurs/dinosaur-domain';\n`;
      // Refused first as a built library importing one that is not built (the domain is compiled
      // into each app); the tag rule would refuse it next.
      expect(await lintErrors('libs/test-utils/src/probe.ts', domain)).toEqual([
        'Buildable libraries cannot import or export from non-buildable libraries',
      ]);
    });
  });

  it('keep the test fixtures out of production code', async () => {
    const code = `import { CONTRACT_JSON } from '@dinosaurs/dinosaur-domain/testing';\nexport const body = CONTRACT_JSON;\n`;

    for (const file of ['apps/api/src/probe.ts', 'apps/web/src/probe.tsx']) {
      expect(await lintErrors(file, code, 'no-restricted-imports')).toEqual([
        expect.stringContaining("'@dinosaurs/dinosaur-domain/testing' import is restricted from being used."),
      ]);
    }
    for (const file of ['apps/api/src/probe.spec.ts', 'apps/web/src/probe.spec.tsx', 'apps/web/src/testing/probe.ts']) {
      expect(await lintErrors(file, code, 'no-restricted-imports')).toEqual([]);
    }
  });

  it('keep the data out of the viewer, which fetches it from the API', async () => {
    const code = `import { DINOSAURS } from '@dinosaurs/dinosaur-domain';\nexport const all = DINOSAURS;\n`;

    expect(await lintErrors('apps/web/src/probe.tsx', code, 'no-restricted-imports')).toEqual([
      expect.stringContaining('The viewer fetches the dinosaurs from the API.'),
    ]);
    expect(await lintErrors('apps/api/src/probe.ts', code, 'no-restricted-imports')).toEqual([]);
  });

  it('hold the viewer to the rules of hooks and of accessible JSX', async () => {
    const code = `import { useState } from 'react';
export function Probe({ open }: { open: boolean }) {
  if (open) useState(0);
  return <img src="/favicon.svg" />;
}
`;

    expect(await lintErrors('apps/web/src/probe.tsx', code, 'react-hooks/rules-of-hooks')).toEqual([
      expect.stringContaining('React Hook "useState" is called conditionally.'),
    ]);
    expect(await lintErrors('apps/web/src/probe.tsx', code, 'jsx-a11y/alt-text')).toEqual([
      expect.stringContaining('img elements must have an alt prop'),
    ]);
  });
});
