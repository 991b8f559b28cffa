import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) exitWith(advice);

  console.log(`web-e2e: installing ${missing.join(' and ')} with apt-get`);
  const aptGet = (...args: string[]) =>
    execFileSync('apt-get', args, {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  // Installing nginx would start Debian's own nginx service on port 80; a policy-rc.d that exits 101
  // forbids starting services (as in Docker images), so only the tests' nginx ever runs.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    aptGet('update');
    aptGet('install', '-y', '--no-install-recommends', ...missing);
  } catch {
    // apt-get has said why on stderr, and the check below ends the run (after the finally, which an
    // exit here would skip).
  } finally {
    if (ownPolicy) rmSync(policy);
  }
  if (!existsSync(CHROMIUM) || !findNginx()) exitWith(`${advice} (apt-get did not install them)`);
}

export default function globalSetup(): void {
  const unbuilt = ['apps/web/dist/index.html', 'apps/api/dist/main.js'].filter(
    (file) => !existsSync(join(workspace, file)),
  );
  if (unbuilt.length > 0) exitWith(`web-e2e needs ${unbuilt.join(' and ')}: run "npx nx run-many -t build -p web api"`);
  ensureSystemPackages();
}
