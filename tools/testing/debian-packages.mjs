// Installs the Debian packages a test run needs (a browser, a web server, a load balancer) when they
// are missing and the run has root, as CI on a fresh machine does. Shared by the e2e projects.
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';

/**
 * Runs `apt-get install` for `packages`, with a policy-rc.d that forbids starting services while it
 * runs (as in Docker images), so Debian's own nginx or haproxy never starts: only the tests' do.
 * Returns false when this is not root on Debian, or apt-get failed (it says why on stderr).
 */
export function aptGetInstall(packages) {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
  const aptGet = (...args) =>
    execFileSync('apt-get', args, {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !existsSync(policy);
  if (ownPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    aptGet('update');
    aptGet('install', '-y', '--no-install-recommends', ...packages);
    return true;
  } catch {
    return false;
  } finally {
    if (ownPolicy) rmSync(policy);
  }
}
