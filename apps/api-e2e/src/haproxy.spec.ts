import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureHaproxy } from '@dinosaurs/test-utils';

// The library as plain Node loads it: its build.
const helper = createRequire(import.meta.url).resolve('@dinosaurs/test-utils');

/** Starts HAProxy through the helper with no servers, asks its frontend once, and prints the status. */
const PROBE = `
const { startHaproxy } = await import(process.argv[1]);
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
    const { status, stdout, stderr } = spawnSync(process.execPath, ['--input-type=module', '-e', PROBE, helper], {
      cwd: privateFolder,
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect({ status, stdout, stderr }).toEqual({ status: 0, stdout: '503\n', stderr: '' });
  });
});
