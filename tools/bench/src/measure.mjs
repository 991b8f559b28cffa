// What the benchmarks share: reading a process's CPU time, taking medians, asking a server for a
// status, running wrk, making sure the commands they drive are there, and reading their options
// (the Node to run being one).
import { accessSync, constants, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { spawnSync } from 'node:child_process';
import { connect } from 'node:net';
import { parseArgs } from 'node:util';
import { aptGetInstall, nodeBinary } from '@dinosaurs/test-utils';

/** utime + stime of a process, all its threads, in seconds (Linux counts 1/100 s ticks). */
export function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The status of one `GET path` on a new connection, or 0 when nothing answers yet. */
export function statusOf(port, path = '/dinosaurs') {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const answer = (status) => {
      socket.destroy();
      resolve(status);
    };
    let received = '';
    socket.setTimeout(1000, () => answer(0));
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    socket.on('data', (chunk) => {
      received += chunk;
      if (received.includes('\r\n')) answer(Number(received.slice(9, 12)));
    });
    socket.on('error', () => answer(0));
  });
}

/** The arguments of one wrk run: one thread, `connections`, `seconds`, the latency distribution. */
export const wrkArgs = ({ connections, seconds, url, header }) => [
  'wrk',
  '-t1',
  `-c${connections}`,
  `-d${seconds}s`,
  '--latency',
  ...(header ? ['-H', header] : []),
  url,
];

/** What wrk printed, as figures: requests, requests per second, p99, non-2xx/3xx and socket errors. */
export function wrkFigures(out) {
  const [, p99, unit] = out.match(/99%\s+([\d.]+)(us|ms|s)\b/);
  return {
    requests: Number(out.match(/(\d+) requests in/)[1]),
    rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]),
    p99Ms: Number(p99) * { us: 0.001, ms: 1, s: 1000 }[unit],
    non2xx: Number(out.match(/Non-2xx or 3xx responses:\s+(\d+)/)?.[1] ?? 0),
    socketErrors: out.match(/Socket errors:.*/)?.[0] ?? '',
  };
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

/**
 * The Node binary `--node` names, or the one the images run (installed on first use). A `--node`
 * that is no executable file ends the run with one line.
 */
export function nodeOption(values) {
  if (values.node === undefined) return nodeBinary();
  try {
    accessSync(values.node, constants.X_OK);
  } catch {
    process.stderr.write(`${basename(process.argv[1])}: --node ${values.node} is not an executable file\n`);
    process.exit(2);
  }
  return values.node;
}
