/** What `GET /info` tells: which build answered, and on which host (in Kubernetes, which pod). */
export interface ServiceInfo {
  readonly version: string;
  readonly commit: string;
  readonly hostname: string;
}

/** Narrows a value received over the wire to a {@link ServiceInfo}. */
export function isServiceInfo(value: unknown): value is ServiceInfo {
  if (typeof value !== 'object' || value === null) return false;
  const { version, commit, hostname } = value as Record<string, unknown>;
  return typeof version === 'string' && typeof commit === 'string' && typeof hostname === 'string';
}
