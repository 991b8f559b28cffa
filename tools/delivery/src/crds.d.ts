// The custom resources the manifests use, typed from their CRDs for validate.mjs, since
// kubernetes-models has no models for them.
import type { IIoK8sApimachineryPkgApisMetaV1LabelSelector as LabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { IIoK8sApimachineryPkgApisMetaV1ObjectMeta as ObjectMeta } from '@kubernetes-models/apimachinery/apis/meta/v1/ObjectMeta';

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
