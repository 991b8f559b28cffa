// Installs the Debian packages a test run needs (a browser, a web server, a load balancer, a
// container engine) when they are missing and the run has root, as CI on a fresh machine does.
// Shared by every project whose tests need one.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * One apt-get run at a time: Nx runs the e2e projects in parallel, and two apt-gets at once fail on
 * dpkg's lock, or one removes the other's policy-rc.d. The lock also waits for any other apt-get.
 * The policy-rc.d forbids starting services while packages install (as in Docker images), so
 * Debian's own nginx, haproxy or docker-registry never starts: only the tests' do.
 */
const SCRIPT = `set -e
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  trap 'rm -f "$policy"' EXIT INT TERM HUP
  printf '#!/bin/sh\\nexit 101\\n' > "$policy"
  chmod 755 "$policy"
fi
apt-get -o DPkg::Lock::Timeout=300 update
apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$@"`;

/**
 * Runs `apt-get install` for `packages`, under a lock shared by every test run on the host.
 * Returns false when this is not root on Debian, or apt-get failed (it says why on stderr).
 */
export function aptGetInstall(packages: readonly string[]): boolean {
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return false;
  try {
    execFileSync(
      'flock',
      ['--timeout', '900', '/run/lock/dinosaurs-apt-get.lock', 'sh', '-c', SCRIPT, 'sh', ...packages],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      },
    );
    return true;
  } catch {
    return false;
  }
}
