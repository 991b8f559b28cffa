import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));

/** The module-boundary errors ESLint reports for `code` placed at `filePath`. */
async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await new ESLint({ cwd: workspace }).lintText(code, { filePath });
  return result.messages
    .filter((message) => message.ruleId === '@nx/enforce-module-boundaries')
    .map((message) => message.message);
}

describe('module boundaries', () => {
  const domainFile = 'libs/dinosaur-domain/src/lib/probe.ts';

  it.each(['@nestjs/common', 'fastify', 'zod'])(
    'forbids the domain library to import the package %s',
    async (framework) => {
      expect(
        await boundaryErrors(domainFile, `import * as framework from '${framework}';\nexport { framework };\n`),
      ).toEqual([`A project tagged with "type:domain" is not allowed to import "${framework}"`]);
    },
  );

  it('forbids the domain library to import an app', async () => {
    const errors = await boundaryErrors(domainFile, `export * from '../../../../apps/api/src/version';\n`);

    expect(errors).toHaveLength(1);
  });

  it('lets the API import the domain library', async () => {
    expect(await boundaryErrors('apps/api/src/probe.ts', `export { DINOSAURS } from '@dinosaurs/domain';\n`)).toEqual(
      [],
    );
  });

  it("forbids the API's black-box tests to import the API's source", async () => {
    const errors = await boundaryErrors('apps/api-e2e/src/probe.ts', `export * from '../../api/src/version';\n`);

    expect(errors).toHaveLength(1);
  });
});
