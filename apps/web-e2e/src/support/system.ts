import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian's Chromium, which Playwright drives instead of a browser build it downloads. */
export const CHROMIUM = '/usr/bin/chromium';

/** Where nginx is: on PATH, or in /usr/sbin, which a Debian user's PATH lacks. */
export function findNginx(): string | undefined {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin'];
  return dirs.map((dir) => join(dir, 'nginx')).find((path) => existsSync(path));
}
