/** One row of HAProxy's `show stat`, keyed by its CSV header (`pxname`, `svname`, `status`, `stot`, `econ`…). */
export type HaproxyStats = Record<string, string>;

export interface Balancer {
  /** The frontend, on 127.0.0.1. */
  readonly url: string;
  stats(): Promise<HaproxyStats[]>;
  servers(): Promise<HaproxyStats[]>;
  addServer(name: string, port: number): Promise<void>;
  disableServer(name: string): Promise<void>;
  removeServer(name: string): Promise<void>;
  stop(): Promise<void>;
}

export function ensureHaproxy(): string;
export function startHaproxy(servers: readonly { name: string; port: number }[]): Promise<Balancer>;
