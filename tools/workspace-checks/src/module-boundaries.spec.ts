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

  it('let the API import the domain library', async () => {
    expect(await lintErrors('apps/api/src/probe.ts', `export { DINOSAURS } from '@dinosaurs/domain';\n`)).toEqual([]);
  });

  it.each([
    ['the domain library', 'libs/dinosaur-domain/src/lib/probe.ts', '../../../../apps/api/src/version'],
    ["the API's black-box tests", 'apps/api-e2e/src/probe.ts', '../../api/src/version'],
  ])("forbid %s to reach into the API's source", async (_who, filePath, path) => {
    expect(await lintErrors(filePath, `export * from '${path}';\n`)).toEqual([
      'Projects cannot be imported by a relative or absolute path, and must begin with a npm scope',
    ]);
  });

  it('keep the test fixtures out of production code', async () => {
    const code = `import { CONTRACT_JSON } from '@dinosaurs/domain/testing';\nexport const body = CONTRACT_JSON;\n`;

    expect(await lintErrors('apps/api/src/probe.ts', code, 'no-restricted-imports')).toEqual([
      expect.stringContaining("'@dinosaurs/domain/testing' import is restricted from being used."),
    ]);
    expect(await lintErrors('apps/api/src/probe.spec.ts', code, 'no-restricted-imports')).toEqual([]);
  });
});
