#!/usr/bin/env node
// `npm run bench`: builds the API and runs ../shared/bench/vs-seed.mjs (the API beside the
// original Go service, alternating rounds) on this machine's Node and on the images' Node 24.
// Extra arguments go to vs-seed.mjs, e.g. `npm run bench -- --rounds 5 --seconds 10`.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBinary } from './node-runtime.mjs';

const workspace = fileURLToPath(new URL('../..', import.meta.url));
const benchmark = join(workspace, '..', 'shared', 'bench', 'vs-seed.mjs');
if (!existsSync(benchmark)) {
  console.error(`bench: ${benchmark} is missing; it ships in shared/ beside this repository`);
  process.exit(2);
}

execFileSync('npx', ['nx', 'run', 'api:build'], { cwd: workspace, stdio: 'inherit' });
for (const node of [process.execPath, nodeBinary()]) {
  const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  console.log(`\n== API on Node ${version} vs the Go service ==`);
  // The bundle is at apps/api/dist, not where vs-seed.mjs looks by default.
  const api = ['--', node, join(workspace, 'apps/api/dist/main.js')];
  execFileSync(process.execPath, [benchmark, '--node', node, ...process.argv.slice(2), ...api], {
    cwd: workspace,
    stdio: 'inherit',
  });
}
