import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptGetInstall } from '@dinosaurs/test-utils';
import { CHROMIUM, findNginx } from './system';

const workspace = fileURLToPath(new URL('../../../..', import.meta.url));

/** Ends the run with `advice` as its one line: Playwright would print a thrown error with a code frame and stack. */
function exitWith(advice: string): never {
  process.stderr.write(`${advice}\n`);
  process.exit(1);
}

/** Installs Debian's chromium and nginx when missing and this is root; otherwise says what to run. */
function ensureSystemPackages(): void {
  const missing = [...(existsSync(CHROMIUM) ? [] : ['chromium']), ...(findNginx() ? [] : ['nginx'])];
  if (missing.length === 0) return;
  const advice = `web-e2e needs Debian's ${missing.join(' and ')}: run "apt-get install ${missing.join(' ')}" as root`;
  console.log(`web-e2e: installing ${missing.join(' and ')} with apt-get`);
  if (!aptGetInstall(missing) || !existsSync(CHROMIUM) || !findNginx()) exitWith(advice);
}

export default function globalSetup(): void {
  const unbuilt = ['apps/web/dist/index.html', 'apps/api/dist/main.js'].filter(
    (file) => !existsSync(join(workspace, file)),
  );
  if (unbuilt.length > 0) exitWith(`web-e2e needs ${unbuilt.join(' and ')}: run "npx nx run-many -t build -p web api"`);
  ensureSystemPackages();
}
