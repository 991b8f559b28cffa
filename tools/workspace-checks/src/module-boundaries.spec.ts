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

  it.each(['@nestjs/common', 'fastify', 'zod'])(
    'forbids the domain library to import the package %s',
    async (framework) => {
      expect(
        await lintErrors(domainFile, `import * as framework from '${framework}';\nexport { framework };\n`),
      ).toEqual([`A project tagged with "type:domain" is not allowed to import "${framework}"`]);
    },
  );

  it('forbids the domain library to import an app', async () => {
    const errors = await lintErrors(domainFile, `export * from '../../../../apps/api/src/version';\n`);

    expect(errors).toHaveLength(1);
  });

  it('lets the API import the domain library', async () => {
    expect(await lintErrors('apps/api/src/probe.ts', `export { DINOSAURS } from '@dinosaurs/domain';\n`)).toEqual([]);
  });

  it("forbids the API's black-box tests to import the API's source", async () => {
    const errors = await lintErrors('apps/api-e2e/src/probe.ts', `export * from '../../api/src/version';\n`);

    expect(errors).toHaveLength(1);
  });

  it('keeps the test fixtures out of production code', async () => {
    const code = `import { CONTRACT_JSON } from '@dinosaurs/domain/testing';\nexport const body = CONTRACT_JSON;\n`;

    expect(await lintErrors('apps/api/src/probe.ts', code, 'no-restricted-imports')).toEqual([
      expect.stringContaining("'@dinosaurs/domain/testing' import is restricted from being used."),
    ]);
    expect(await lintErrors('apps/api/src/probe.spec.ts', code, 'no-restricted-imports')).toEqual([]);
  });
});
