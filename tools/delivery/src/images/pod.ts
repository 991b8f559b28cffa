// A container of one of our Deployments, run with podman the way the kubelet would run it: the pod's
// and the container's security context, the resource limits, the ConfigMap's variables, the
// emptyDir mounts and the ports (published on 127.0.0.1), all read from the rendered manifests, so
// a change there changes the run. Anything the translation does not know stops it, in one line.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { ENGINE_ENV, podman } from '../engine.mjs';
import { freePort } from '../../../../tools/testing/free-port.mjs';
import type { Deployment } from '../testing/k8s';

/** Binary suffixes of Kubernetes quantities, enough for our limits. */
const SUFFIXES: Record<string, number> = { '': 1, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 };

function bytes(quantity: string | number): number {
  const [, number, suffix] = /^(\d+)(Ki|Mi|Gi)?$/.exec(String(quantity)) ?? [];
  if (number === undefined) throw new Error(`memory quantity ${quantity} is not translated to podman`);
  return Number(number) * (SUFFIXES[suffix ?? ''] ?? 1);
}

const cpus = (quantity: string | number) =>
  String(quantity).endsWith('m') ? String(parseInt(String(quantity), 10) / 1000) : String(quantity);

export interface RunningPod {
  readonly id: string;
  /** The base URL of each named container port, published on 127.0.0.1. */
  readonly urls: Record<string, string>;
  readonly startupProbe: IProbe;
  readonly readinessProbe: IProbe;
  readonly livenessProbe: IProbe;
  readonly terminationGracePeriodSeconds: number;
  /** The container's address on podman's network, where another container reaches it. */
  address(): string;
  /** GET of a probe's path on its port, as the kubelet does it. */
  probe(probe: IProbe): Promise<number>;
  logs(): string;
  /** Resolves once the startup probe answers 200, within its failureThreshold × periodSeconds. */
  started(): Promise<void>;
}

/** Every container and emptyDir started so far; removeAll() removes them, by ID. */
const containers: string[] = [];
const emptyDirs: string[] = [];

/** Removes every container this module started, by its ID, and their emptyDirs. */
export function removeAll(): void {
  const ids = containers.splice(0);
  if (ids.length > 0) podman('rm', '--force', '--time', '0', ...ids);
  for (const dir of emptyDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
// Also when the test process ends early, if the afterAll never came.
process.on('exit', removeAll);

/**
 * Runs `image` as the first container of `deployment`, with `config` as the environment its
 * ConfigMap gives it and `extraFlags` (such as --add-host) for what the cluster would provide.
 */
export async function runPod(
  deployment: Deployment,
  image: string,
  config: Record<string, string>,
  extraFlags: string[] = [],
): Promise<RunningPod> {
  const pod = deployment.spec.template.spec;
  const [container] = pod.containers;
  if (container.command || container.args) throw new Error('a container command or args is not translated to podman');
  const security = { ...pod.securityContext, ...container.securityContext };
  if (security.runAsUser === undefined) throw new Error(`${deployment.metadata.name} sets no runAsUser`);
  if (security.seccompProfile?.type !== 'RuntimeDefault')
    throw new Error('only the RuntimeDefault seccomp profile (podman default) is translated');

  const flags = ['--detach', '--user', `${security.runAsUser}:${security.runAsGroup ?? security.runAsUser}`];
  // Kubernetes mounts nothing writable that the manifest does not ask for (podman would add /tmp).
  if (security.readOnlyRootFilesystem) flags.push('--read-only', '--read-only-tmpfs=false');
  for (const capability of security.capabilities?.drop ?? []) flags.push(`--cap-drop=${capability.toLowerCase()}`);
  for (const capability of security.capabilities?.add ?? []) flags.push(`--cap-add=${capability}`);
  if (security.allowPrivilegeEscalation === false) flags.push('--security-opt=no-new-privileges');
  const limits = container.resources?.limits ?? {};
  if (limits['memory'] !== undefined) flags.push(`--memory=${bytes(limits['memory'])}`);
  if (limits['cpu'] !== undefined) flags.push(`--cpus=${cpus(limits['cpu'])}`);

  // An emptyDir is an empty folder on the node that anyone may write to (0777): a new one each run.
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.volumes?.find(({ name }) => name === mount.name);
    if (!volume?.emptyDir) throw new Error(`volume ${mount.name} is not an emptyDir, which is all that is translated`);
    const dir = mkdtempSync(join(tmpdir(), `empty-dir-${mount.name}-`));
    emptyDirs.push(dir);
    chmodSync(dir, 0o777);
    flags.push('--mount', `type=bind,source=${dir},destination=${mount.mountPath}`);
  }
  for (const [name, value] of Object.entries(config)) flags.push('--env', `${name}=${value}`);
  for (const { name, value } of container.env ?? []) flags.push('--env', `${name}=${value ?? ''}`);

  const urls: Record<string, string> = {};
  for (const { name, containerPort } of container.ports ?? []) {
    const port = await freePort();
    flags.push('--publish', `127.0.0.1:${port}:${containerPort}`);
    urls[name ?? String(containerPort)] = `http://127.0.0.1:${port}`;
  }

  const id = podman('run', ...flags, ...extraFlags, image);
  containers.push(id);
  const { startupProbe, readinessProbe, livenessProbe } = container;
  if (!startupProbe || !readinessProbe || !livenessProbe) throw new Error(`${deployment.metadata.name} lacks a probe`);

  const probe = async ({ httpGet }: IProbe) => {
    if (!httpGet) throw new Error('only httpGet probes are translated');
    return fetch(`${urls[String(httpGet.port)]}${httpGet.path ?? '/'}`).then(
      (response) => response.status,
      () => 0,
    );
  };
  const logs = () => {
    const { stdout, stderr } = spawnSync('podman', ['logs', id], {
      env: { ...process.env, ...ENGINE_ENV },
      encoding: 'utf8',
    });
    return stdout + stderr;
  };
  return {
    id,
    urls,
    startupProbe,
    readinessProbe,
    livenessProbe,
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds ?? 30,
    address: () => podman('inspect', '--format', '{{.NetworkSettings.IPAddress}}', id),
    probe,
    logs,
    async started() {
      const budget = (startupProbe.failureThreshold ?? 3) * (startupProbe.periodSeconds ?? 10) * 1000;
      const deadline = Date.now() + budget;
      while ((await probe(startupProbe)) !== 200) {
        if (podman('inspect', '--format', '{{.State.Running}}', id) !== 'true')
          throw new Error(`${image} exited before its startup probe passed:\n${logs()}`);
        if (Date.now() > deadline) throw new Error(`${image} failed its startup probe for ${budget} ms:\n${logs()}`);
        await sleep(100);
      }
    },
  };
}
