import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IServicePort } from 'kubernetes-models/v1/ServicePort';
import type { IServiceSpec } from 'kubernetes-models/v1/ServiceSpec';
import { parseAllDocuments } from 'yaml';

/** The workspace's root folder, with a trailing slash. */
export const workspace = fileURLToPath(new URL('../../..', import.meta.url));
/** The apps with manifests under k8s/<app>, and the overlays each has. */
export const APPS = ['api', 'web'] as const;
export const ENVIRONMENTS = ['local', 'gke'] as const;
export type App = (typeof APPS)[number];
export type Environment = (typeof ENVIRONMENTS)[number];

/** Any rendered object; the fields the checks read are typed where they are read. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  data?: Record<string, string>;
}

/** Where kubectl is; these tests cannot run without it, and say so in one line. */
export function kubectlPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('these tests need kubectl (with its built-in kustomize) on PATH: install kubectl');
  }
}

/** The objects `kubectl kustomize` renders from a folder of the workspace. */
export function render(folder: string): K8sObject[] {
  const yaml = execFileSync(kubectlPath(), ['kustomize', join(workspace, folder)], { encoding: 'utf8' });
  return parseAllDocuments(yaml).map((document) => document.toJS() as K8sObject);
}

/** The objects of one app's overlay, as `kubectl apply -k` would send them. */
export function overlay(app: App, environment: Environment): K8sObject[] {
  return render(`k8s/${app}/overlays/${environment}`);
}

/** The one object of `kind` (and `name`) among `objects`; none or several is an error. */
export function one<T = K8sObject>(objects: K8sObject[], kind: string, name?: string): T {
  const found = objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? `/${name}` : ''}, found ${found.length}`);
  return found[0] as T;
}

/** A Deployment with the parts every one of ours has (validate.mjs checks the rest). */
export interface Deployment extends K8sObject {
  spec: IDeploymentSpec & {
    template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: IPodSpec };
  };
}
export interface Service extends K8sObject {
  spec: IServiceSpec & { selector: Record<string, string>; ports: IServicePort[] };
}

/** An app's Deployment and Service, each named after the app. */
export const deployment = (objects: K8sObject[], app: App) => one<Deployment>(objects, 'Deployment', app);
export const service = (objects: K8sObject[], app: App) => one<Service>(objects, 'Service', app);
/** The generated ConfigMap of an app (its name carries a hash of its content). */
export const configMap = (objects: K8sObject[], app: App) =>
  one<K8sObject & { data: Record<string, string> }>(
    objects.filter((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${app}-`)),
    'ConfigMap',
  );
