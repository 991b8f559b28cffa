// What the benchmarks share: reading a process's CPU time, taking medians, and making sure the
// commands they drive are there, and reading their options.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { aptGetInstall } from '@dinosaurs/test-utils';

/** utime + stime of a process, all its threads, in seconds (Linux counts 1/100 s ticks). */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export function median(numbers) {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const hasCommand = (command) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/**
 * Installs the Debian package of each missing command (`{ command: package }`) with apt-get when
 * this is root, and returns one line naming what is still missing, or undefined.
 */
export function missingCommands(packages) {
  const missing = () => Object.keys(packages).filter((command) => !hasCommand(command));
  if (missing().length > 0) aptGetInstall(missing().map((command) => packages[command]));
  const left = missing();
  if (left.length === 0) return undefined;
  return `needs ${left.join(' and ')}: run "apt-get install ${left.map((command) => packages[command]).join(' ')}" as root`;
}

/** The first of `names` whose option is not a positive integer, as one line, or undefined. */
export function notPositiveIntegers(values, names) {
  const name = names.find((candidate) => !/^[1-9]\d*$/.test(values[candidate]));
  return name && `--${name} must be a positive integer (got "${values[name]}")`;
}

/** `parseArgs(config)`, but an option it does not know ends the run with one line, not a stack trace. */
export function parseOptions(config) {
  try {
    return parseArgs(config);
  } catch (error) {
    process.stderr.write(`${basename(process.argv[1])}: ${error.message}\n`);
    process.exit(2);
  }
}
