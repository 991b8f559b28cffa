// The custom resources the manifests use, typed from their CRDs for validate.mjs, since
// kubernetes-models has no models for them.
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';

type LabelSelector = IDeploymentSpec['selector'];
type ObjectMeta = NonNullable<IDeploymentSpec['template']['metadata']>;

/** GKE Managed Prometheus: which pods to scrape, and how (monitoring.googleapis.com/v1). */
export interface PodMonitoring {
  apiVersion: 'monitoring.googleapis.com/v1';
  kind: 'PodMonitoring';
  metadata: ObjectMeta;
  spec: {
    selector: LabelSelector;
    endpoints: {
      port: string | number;
      path?: string;
      scheme?: 'http' | 'https';
      interval?: string;
      timeout?: string;
      params?: Record<string, string[]>;
      metricRelabeling?: Record<string, unknown>[];
    }[];
    targetLabels?: { metadata?: string[]; fromPod?: { from: string; to?: string }[] };
    limits?: { samples?: number; labels?: number; labelNameLength?: number; labelValueLength?: number };
    filterRunning?: boolean;
  };
}
