// The rule objects that deliver the SLO rules, typed from their CRDs for validate.mjs, since
// kubernetes-models has no models for them.
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';

type ObjectMeta = NonNullable<IDeploymentSpec['template']['metadata']>;

/** One recording or alerting rule, as Prometheus's rule files write it. */
interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** GKE Managed Prometheus: rules evaluated within the object's namespace (monitoring.googleapis.com/v1). */
export interface Rules {
  apiVersion: 'monitoring.googleapis.com/v1';
  kind: 'Rules';
  metadata: ObjectMeta;
  spec: { groups: { name: string; interval?: string; rules: Rule[] }[] };
}

/** prometheus-operator: rules for the Prometheus whose ruleSelector matches (monitoring.coreos.com/v1). */
export interface PrometheusRule {
  apiVersion: 'monitoring.coreos.com/v1';
  kind: 'PrometheusRule';
  metadata: ObjectMeta;
  spec: {
    groups: {
      name: string;
      interval?: string;
      limit?: number;
      query_offset?: string;
      partial_response_strategy?: string;
      labels?: Record<string, string>;
      rules: (Rule & { keep_firing_for?: string })[];
    }[];
  };
}
