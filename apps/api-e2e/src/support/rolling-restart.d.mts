import type { Balancer } from './haproxy.mjs';

export interface Replica {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  readonly url: string;
  readonly exited: Promise<number | null>;
  terminate(): void;
  kill(): Promise<void>;
}

export interface StoppedReplica {
  readonly name: string;
  readonly exitCode: number | null;
}

export interface LoadFigures {
  readonly seconds: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly mismatches: number;
  /** How many answers came with each status code. */
  readonly statuses: Readonly<Record<string, number>>;
}

export function startReplica(options: {
  node?: string;
  bundle: string;
  env?: Record<string, string>;
}): Promise<Replica>;
export function killReplicas(): Promise<void>;
export function rollingRestart(options: {
  balancer: Balancer;
  replicas: readonly Replica[];
  start: () => Promise<Replica>;
  propagationMs?: number;
  exitTimeoutMs?: number;
}): Promise<{ replicas: Replica[]; stopped: StoppedReplica[] }>;
export function startLoad(options: { url: string; expectBody?: string; connections?: number; maxSeconds?: number }): {
  stop(): Promise<LoadFigures>;
};
