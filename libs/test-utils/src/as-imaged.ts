// How an app's Dockerfile runs its Node bundle, mapped onto a checkout: its ENTRYPOINT and CMD, with the
// image's `node` replaced by a given binary and paths under WORKDIR looked up in the build context's
// copy (e.g. apps/api/dist), the ENV it sets that needs no build argument, and the `RUN ["node", …]`
// steps that prepare the image (the API's code cache).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/**
 * `{ command, env }` that run the bundle in `dist` as the Dockerfile at `dockerfile` runs it, and
 * `prepare`: the commands its build runs with node, to run first, with the same `env`.
 */
export function asImaged(
  dockerfile: string,
  dist: string,
  node: string,
): { command: string[]; env: Record<string, string>; prepare: string[][] } {
  const text = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ');
  const last = (instruction: string) =>
    [...text.matchAll(new RegExp(`^${instruction}\\s+(.+)$`, 'gm'))].at(-1)?.[1].trim();
  const parse = (instruction: string, value: string | undefined): string[] => {
    if (value === undefined) return [];
    if (!value.startsWith('[')) throw new Error(`${dockerfile}: ${instruction} must be in exec form (a JSON array)`);
    return JSON.parse(value);
  };
  const execForm = (instruction: string) => parse(instruction, last(instruction));
  const workdir = last('WORKDIR') ?? '/';
  const local = (path: string) => (path.startsWith(`${workdir}/`) ? join(dist, posix.relative(workdir, path)) : path);
  const [program, ...args] = [...execForm('ENTRYPOINT'), ...execForm('CMD')];
  if (program !== 'node') throw new Error(`${dockerfile}: the ENTRYPOINT must start with node (got ${program})`);
  const env: Record<string, string> = {};
  for (const [, line] of text.matchAll(/^ENV\s+(.+)$/gm)) {
    for (const [, name, quoted, bare] of line.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=(?:"([^"]*)"|(\S+))/g)) {
      const value = quoted ?? bare ?? '';
      if (!value.includes('$')) env[name] = local(value);
    }
  }
  // Relative paths are the WORKDIR's, as in the image.
  const mapped = (argv: string[]) => [
    node,
    ...argv.map((arg) => (arg.startsWith('-') ? arg : local(posix.resolve(workdir, arg)))),
  ];
  const prepare = [...text.matchAll(/^RUN\s+(\[\s*"node".*)$/gm)].map(([, value]) =>
    mapped(parse('RUN', value).slice(1)),
  );
  return { command: mapped(args), env, prepare };
}

/**
 * Runs the `prepare` steps of {@link asImaged} as the image's build runs them, with its `env` and
 * the given PORT (the API's, that one of them starts).
 */
export function prepareAsImaged({ env, prepare }: ReturnType<typeof asImaged>, port: number): void {
  for (const [program = '', ...args] of prepare) {
    execFileSync(program, args, {
      env: { ...process.env, ...env, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
}
