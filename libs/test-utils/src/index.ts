// What the test projects and the benchmarks share to run the real parts they test against: Debian's
// packages, the images' Node release, free ports, raw HTTP, the rendered manifests, HAProxy and a
// rolling restart behind it.
// For tests and benchmarks only: the module-boundary rules keep it out of production code.
export { asImaged, prepareAsImaged } from './as-imaged';
export { aptGetInstall } from './debian-packages';
export { freePort } from './free-port';
export {
  type App,
  APPS,
  configMap,
  type Deployment,
  deployment,
  type Environment,
  ENVIRONMENTS,
  type K8sObject,
  kubectlPath,
  one,
  overlay,
  render,
  type Service,
  service,
  workspace,
} from './k8s';
export { type BackendServer, type Balancer, ensureHaproxy, type HaproxyStats, startHaproxy } from './haproxy';
export { nodeBinary } from './node-runtime';
export { parseResponse, rawRequest, type RawResponse } from './raw-http';
export {
  killReplicas,
  type LoadFigures,
  type Replica,
  rollingRestart,
  startLoad,
  startReplica,
  type StoppedReplica,
} from './rolling-restart';
