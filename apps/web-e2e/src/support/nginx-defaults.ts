import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const defaultsScript = fileURLToPath(
  new URL('../../../web/nginx/docker-entrypoint.d/19-viewer-defaults.envsh', import.meta.url),
);

export interface SourcedDefaults {
  status: number | null;
  /** What the script exported, as `env` (a child process, like the template renderer) sees it. */
  exported: Record<string, string>;
  stderrLines: string[];
}

/**
 * Sources the viewer's 19-viewer-defaults.envsh with `sh` as the nginx image's entrypoint does, with
 * only `env` (and PATH) set, so neither the tests nor the stack depend on the environment they run in.
 */
export function sourceNginxDefaults(env: Record<string, string>): SourcedDefaults {
  const result = spawnSync('sh', ['-c', '. "$0" && exec env', defaultsScript], {
    env: { PATH: process.env['PATH'], ...env },
    encoding: 'utf8',
  });
  const exported = Object.fromEntries(
    result.stdout
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { status: result.status, exported, stderrLines: result.stderr.split('\n').filter(Boolean) };
}
