// A container of one of our Deployments, run with podman the way the kubelet would run it: the pod's
// and the container's security context, the resource limits, the ConfigMap's variables, the
// emptyDir mounts, the ports (published on 127.0.0.1), the probes and the preStop hook, all read
// from the rendered manifests, so a change there changes the run. What the translation does not
// know stops it, in one line.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import { podman, podmanStatus } from '../engine.mjs';
import { type Deployment, freePort, type K8sObject } from '@dinosaurs/test-utils';

/** The label of every container the check runs, so that none outlives it. */
const LABEL = 'dinosaurs.image-check';

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
  /** The base URL of each container port, by its name and by its number, published on 127.0.0.1. */
  readonly urls: Record<string, string>;
  readonly startupProbe: IProbe;
  readonly readinessProbe: IProbe;
  readonly livenessProbe: IProbe;
  readonly terminationGracePeriodSeconds: number;
  /** The container's address on podman's network, where another container reaches it. */
  address(): string;
  /** The status of a GET of a probe's path on its port, within its timeout, as the kubelet does it; 0 if none came. */
  probe(probe: IProbe): Promise<number>;
  logs(): string;
  /** Resolves once the startup probe answers 200, within its failureThreshold × periodSeconds. */
  started(): Promise<void>;
  /** The exit code, once the container has exited; fails if it still runs after `timeoutMs`. */
  exitCode(timeoutMs: number): Promise<number>;
  /** As the kubelet stops it: the preStop hook, then the image's stop signal, SIGKILL at the grace period's end. */
  stop(): void;
}

const emptyDirs: string[] = [];

/**
 * Removes, by ID, every container the check has run, including any an earlier run that was killed
 * left behind (they carry its label), and their emptyDirs.
 */
export function removeAll(): void {
  const ids = podman('ps', '--all', '--quiet', '--filter', `label=${LABEL}`).split('\n').filter(Boolean);
  if (ids.length > 0) podman('rm', '--force', '--time', '0', ...ids);
  for (const dir of emptyDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The variables the kubelet gives the container: its envFrom ConfigMaps, then its env. */
function environment(objects: K8sObject[], container: Deployment['spec']['template']['spec']['containers'][number]) {
  const variables: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    const configMap = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === source.configMapRef?.name);
    if (!configMap?.data) throw new Error('only envFrom of a ConfigMap in the same manifests is translated');
    Object.assign(variables, configMap.data);
  }
  for (const { name, value, valueFrom } of container.env ?? []) {
    if (valueFrom) throw new Error(`env ${name}: valueFrom is not translated`);
    variables[name] = value ?? '';
  }
  return variables;
}

/**
 * Runs `image` as the container of the Deployment `app` in the rendered `objects`. `overrides`
 * replace variables, `extraFlags` (such as --add-host) give what the cluster would provide, and
 * `command` replaces the image's, to run something else exactly as that container runs.
 */
export async function runPod(
  objects: K8sObject[],
  app: string,
  image: string,
  {
    overrides = {},
    extraFlags = [],
    command = [],
  }: { overrides?: Record<string, string>; extraFlags?: string[]; command?: string[] } = {},
): Promise<RunningPod> {
  const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === app) as Deployment;
  const pod = deployment.spec.template.spec;
  if (pod.containers.length !== 1 || pod.initContainers) throw new Error('only a pod of one container is translated');
  const [container] = pod.containers;
  if (container.command || container.args) throw new Error('a container command or args is not translated');
  const security = { ...pod.securityContext, ...container.securityContext };
  if (security.runAsUser === undefined) throw new Error(`${app} sets no runAsUser`);
  if (pod.securityContext?.fsGroup !== undefined) throw new Error('fsGroup is not translated');
  if (security.seccompProfile?.type !== 'RuntimeDefault')
    throw new Error('only the RuntimeDefault seccomp profile (podman default) is translated');

  const flags = [
    '--detach',
    '--label',
    LABEL,
    '--user',
    `${security.runAsUser}:${security.runAsGroup ?? security.runAsUser}`,
  ];
  // Kubernetes mounts nothing writable that the manifest does not ask for (podman would add /tmp).
  if (security.readOnlyRootFilesystem) flags.push('--read-only', '--read-only-tmpfs=false');
  for (const capability of security.capabilities?.drop ?? []) flags.push(`--cap-drop=${capability.toLowerCase()}`);
  for (const capability of security.capabilities?.add ?? []) flags.push(`--cap-add=${capability}`);
  if (security.allowPrivilegeEscalation === false) flags.push('--security-opt=no-new-privileges');
  const limits = container.resources?.limits ?? {};
  if (limits['memory'] !== undefined) flags.push(`--memory=${bytes(limits['memory'])}`);
  if (limits['cpu'] !== undefined) flags.push(`--cpus=${cpus(limits['cpu'])}`);

  // An emptyDir is an empty folder on the node that anyone may write to (0777): a new one each run.
  // Its sizeLimit, which the kubelet enforces by eviction, is not imitated.
  for (const mount of container.volumeMounts ?? []) {
    const volume = pod.volumes?.find(({ name }) => name === mount.name);
    if (!volume?.emptyDir || volume.emptyDir.medium)
      throw new Error(`volume ${mount.name}: only a disk emptyDir is translated`);
    const dir = mkdtempSync(join(tmpdir(), `empty-dir-${mount.name}-`));
    emptyDirs.push(dir);
    chmodSync(dir, 0o777);
    flags.push('--mount', `type=bind,source=${dir},destination=${mount.mountPath}`);
  }
  for (const [name, value] of Object.entries({ ...environment(objects, container), ...overrides }))
    flags.push('--env', `${name}=${value}`);

  const urls: Record<string, string> = {};
  for (const { name, containerPort } of container.ports ?? []) {
    const port = await freePort();
    flags.push('--publish', `127.0.0.1:${port}:${containerPort}`);
    urls[String(containerPort)] = `http://127.0.0.1:${port}`;
    if (name) urls[name] = urls[String(containerPort)];
  }

  const id = podman('run', ...flags, ...extraFlags, image, ...command);
  const { startupProbe, readinessProbe, livenessProbe, lifecycle } = container;
  if (!startupProbe || !readinessProbe || !livenessProbe) throw new Error(`${app} lacks a probe`);
  const grace = pod.terminationGracePeriodSeconds ?? 30;

  const probe = async ({ httpGet, timeoutSeconds = 1 }: IProbe) => {
    if (!httpGet) throw new Error('only httpGet probes are translated');
    return fetch(`${urls[String(httpGet.port)]}${httpGet.path ?? '/'}`, {
      signal: AbortSignal.timeout(timeoutSeconds * 1000),
    }).then(
      (response) => response.status,
      () => 0,
    );
  };
  const logs = () => {
    const { stdout, stderr } = podmanStatus('logs', id);
    return stdout + stderr;
  };
  const running = () => podman('inspect', '--format', '{{.State.Running}}', id) === 'true';
  return {
    id,
    urls,
    startupProbe,
    readinessProbe,
    livenessProbe,
    terminationGracePeriodSeconds: grace,
    address: () => podman('inspect', '--format', '{{.NetworkSettings.IPAddress}}', id),
    probe,
    logs,
    async started() {
      const budget = (startupProbe.failureThreshold ?? 3) * (startupProbe.periodSeconds ?? 10) * 1000;
      const deadline = Date.now() + budget;
      while ((await probe(startupProbe)) !== 200) {
        if (!running()) throw new Error(`${image} exited before its startup probe passed:\n${logs()}`);
        if (Date.now() > deadline) throw new Error(`${image} failed its startup probe for ${budget} ms:\n${logs()}`);
        await sleep(100);
      }
    },
    async exitCode(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      while (running()) {
        if (Date.now() > deadline) throw new Error(`${image} still runs ${timeoutMs} ms on:\n${logs()}`);
        await sleep(100);
      }
      return Number(podman('inspect', '--format', '{{.State.ExitCode}}', id));
    },
    stop() {
      const started = Date.now();
      const hook = lifecycle?.preStop;
      if (hook && !hook.exec?.command) throw new Error('only an exec preStop hook is translated');
      if (hook?.exec?.command) podman('exec', id, ...hook.exec.command);
      const left = Math.max(0, grace - Math.ceil((Date.now() - started) / 1000));
      podman('stop', '--time', String(left), id);
    },
  };
}
