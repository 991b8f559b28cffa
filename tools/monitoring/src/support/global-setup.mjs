// Before any test: the built API bundle, and Prometheus's own tools from Debian, installed with
// apt-get when they are missing and this is root. Otherwise the run ends with one line saying what to do.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { aptGetInstall } from '@dinosaurs/test-utils';

const TOOLS = ['/usr/bin/promtool', '/usr/bin/prometheus', '/usr/bin/amtool'];
const bundle = fileURLToPath(new URL('../../../../apps/api/dist/main.js', import.meta.url));

function exitWith(advice) {
  process.stderr.write(`${advice}\n`);
  process.exit(1);
}

export default function globalSetup() {
  if (!existsSync(bundle)) exitWith('monitoring needs apps/api/dist/main.js: run "npx nx build api"');
  if (TOOLS.every((tool) => existsSync(tool))) return;
  console.log('monitoring: installing prometheus and prometheus-alertmanager with apt-get');
  if (!aptGetInstall(['prometheus', 'prometheus-alertmanager']) || !TOOLS.every((tool) => existsSync(tool)))
    exitWith(
      'monitoring needs Debian\'s prometheus and prometheus-alertmanager: run "apt-get install prometheus prometheus-alertmanager" as root',
    );
}
