export const ENGINE_ENV: Readonly<
  Record<'CONTAINERS_CONF' | 'CONTAINERS_STORAGE_CONF' | 'CONTAINERS_REGISTRIES_CONF', string>
>;
export const LOCAL_REGISTRY: string;
export function ensureEngine(): void;
export function podman(...args: string[]): string;
export function skopeo(command: string, ...args: string[]): string;
export function qualified(reference: string): string;
export function baseImage(app: string): string;
export function buildStandIn(reference: string): string;
export function startRegistry(): Promise<{ pid: number; stop(): Promise<void> }>;
