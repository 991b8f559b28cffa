export const ENGINE_ENV: Readonly<
  Record<'CONTAINERS_CONF' | 'CONTAINERS_STORAGE_CONF' | 'CONTAINERS_REGISTRIES_CONF', string>
>;
export const LOCAL_REGISTRY: string;
export const PODMAN_DELIVERY_ENV: Readonly<Record<string, string>>;
export function podmanStatus(...args: string[]): { status: number | null; stdout: string; stderr: string };
export function registryManifest(reference: string): {
  config: { size: number };
  layers: { size: number; mediaType: string }[];
};
export function ensureEngine(): void;
export function podman(...args: string[]): string;
export function skopeo(command: string, ...args: string[]): string;
export function qualified(reference: string): string;
export function baseImage(app: string): string;
export function buildStandIn(reference: string): string;
export function startRegistry(): Promise<{ pid: number; stop(): Promise<void> }>;
