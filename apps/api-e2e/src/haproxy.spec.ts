import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureHaproxy, workspace } from '@dinosaurs/test-utils';

/**
 * Starts HAProxy through the helper, as plain Node loads it from the workspace (its build), with no
 * servers, asks its frontend once, and prints the status.
 */
const PROBE = `
const { createRequire } = await import('node:module');
const { startHaproxy } = await import(createRequire(process.argv[1]).resolve('@dinosaurs/test-utils'));
const balancer = await startHaproxy([]);
console.log(String((await fetch(balancer.url)).status));
await balancer.stop();
`;

describe('the HAProxy helper', () => {
  let privateFolder: string;

  beforeAll(() => ensureHaproxy(), 180_000);
  beforeEach(() => {
    privateFolder = mkdtempSync(join(tmpdir(), 'api-e2e-private-'));
  });
  afterEach(() => rmSync(privateFolder, { recursive: true, force: true }));

  // As root, HAProxy runs as nobody, who cannot enter a root-owned 0700 folder: the case of a clone
  // under /root or under `mktemp -d`.
  it('starts HAProxy when called from a folder of mode 0700, and its frontend answers 503 with no server', () => {
    expect(statSync(privateFolder).mode & 0o777).toBe(0o700);
    const { status, stdout, stderr } = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', PROBE, join(workspace, 'package.json')],
      {
        cwd: privateFolder,
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    expect({ status, stdout, stderr }).toEqual({ status: 0, stdout: '503\n', stderr: '' });
  });
});
