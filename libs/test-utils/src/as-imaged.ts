// How an app's Dockerfile runs its Node bundle, mapped onto a checkout: its ENTRYPOINT and CMD, with the
// image's `node` replaced by a given binary and paths under WORKDIR looked up in the build context's
// copy (e.g. apps/api/dist), and the ENV it sets that needs no build argument.
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';

/** `{ command, env }` that run the bundle in `dist` as the Dockerfile at `dockerfile` runs it. */
export function asImaged(
  dockerfile: string,
  dist: string,
  node: string,
): { command: string[]; env: Record<string, string> } {
  const text = readFileSync(dockerfile, 'utf8').replace(/\\\n/g, ' ');
  const last = (instruction: string) =>
    [...text.matchAll(new RegExp(`^${instruction}\\s+(.+)$`, 'gm'))].at(-1)?.[1].trim();
  const execForm = (instruction: string): string[] => {
    const value = last(instruction);
    if (value === undefined) return [];
    if (!value.startsWith('[')) throw new Error(`${dockerfile}: ${instruction} must be in exec form (a JSON array)`);
    return JSON.parse(value);
  };
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
  const command = [node, ...args.map((arg) => (arg.startsWith('-') ? arg : local(posix.resolve(workdir, arg))))];
  return { command, env };
}
