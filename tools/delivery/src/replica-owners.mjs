// One owner of each workload's replica count in a rendered overlay: its own `replicas`, or the
// HorizontalPodAutoscaler that scales it, never both. With both, every `kubectl apply` resets the
// count the autoscaler chose (the Kubernetes docs say to leave `replicas` out); with neither, the
// workload silently runs one pod.

const SCALED_KINDS = ['Deployment', 'StatefulSet', 'ReplicaSet'];

/** Whether `object` is a HorizontalPodAutoscaler that scales `workload`. */
export const scales = (object, workload) =>
  object?.kind === 'HorizontalPodAutoscaler' &&
  object.spec?.scaleTargetRef?.kind === workload.kind &&
  object.spec.scaleTargetRef.name === workload.metadata?.name;

/** The problems of `objects` (one rendered overlay), as `{ object, path, message }`. */
export function replicaOwnerProblems(objects) {
  const autoscalers = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  const workloads = objects.filter((o) => SCALED_KINDS.includes(o.kind));
  const problems = [];
  for (const workload of workloads) {
    const owners = autoscalers
      .filter((hpa) => scales(hpa, workload))
      .map((hpa) => `HorizontalPodAutoscaler/${hpa.metadata.name}`);
    if (workload.spec?.replicas !== undefined) owners.unshift('spec.replicas');
    if (owners.length === 1) continue;
    problems.push({
      object: workload,
      path: 'spec.replicas',
      message:
        owners.length === 0
          ? 'unset, and no HorizontalPodAutoscaler scales it: set replicas, or add an autoscaler, or it runs one pod'
          : `the replica count has ${owners.length} owners (${owners.join(', ')}): leave replicas out where an autoscaler scales it`,
    });
  }
  for (const hpa of autoscalers) {
    const { kind, name } = hpa.spec?.scaleTargetRef ?? {};
    if (!workloads.some((o) => scales(hpa, o)))
      problems.push({
        object: hpa,
        path: 'spec.scaleTargetRef',
        message: `scales ${kind}/${name}, which is not among these objects`,
      });
  }
  return problems;
}
