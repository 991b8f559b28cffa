import { isIP } from 'node:net';
import * as z from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Plain decimal digits only: `Number()` would also take `0x50`, `1e3` or ` 80`. */
const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(min).max(max));

const MILLISECONDS = 'an integer of milliseconds from 0 to 600000';

/** An origin as browsers send it: lower case, no path, no default port, no trailing slash. */
const isOrigin = (value: string) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
};

/** The names Fastify's proxy-addr knows: 127.0.0.0/8 and ::1; 169.254.0.0/16 and fe80::/10; the private ranges. */
const ADDRESS_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** An IP address, a CIDR range of them, or one of {@link ADDRESS_RANGES}. */
const isProxyAddress = (value: string) => {
  if (ADDRESS_RANGES.includes(value)) return true;
  const [address = '', prefix, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
};

/** A comma-separated list, spaces around the commas ignored, each entry passing `valid`. */
const list = (valid: (entry: string) => boolean) =>
  z
    .string()
    .transform((value) => value.split(',').map((entry) => entry.trim()))
    .pipe(z.array(z.string().refine(valid)));

/** Every setting, with its default and what it allows; the description is what a bad value is told. */
const environment = z.object({
  PORT: integer(1, 65535).default(8084).describe('an integer from 1 to 65535'),
  HOST: z.string().default('0.0.0.0').describe('an address to listen on'),
  LOG_LEVEL: z
    .enum(LOG_LEVELS)
    .default('info')
    .describe(`one of ${LOG_LEVELS.join(', ')}`),
  SHUTDOWN_DRAIN_MS: integer(0, 600_000).default(5000).describe(MILLISECONDS),
  SHUTDOWN_TIMEOUT_MS: integer(0, 600_000).default(10_000).describe(MILLISECONDS),
  COMMIT_SHA: z.string().default('unknown').describe('the git commit the build came from'),
  CORS_ORIGINS: list(isOrigin)
    .default([])
    .describe('a comma-separated list of http(s) origins such as https://dinosaurs.example, without a path'),
  RATE_LIMIT_MAX: integer(0, 1_000_000).default(0).describe('an integer of requests from 0 (no limit) to 1000000'),
  RATE_LIMIT_WINDOW_MS: integer(1000, 3_600_000)
    .default(60_000)
    .describe('an integer of milliseconds from 1000 to 3600000'),
  TRUST_PROXY: list(isProxyAddress)
    .default([])
    .describe(`a comma-separated list of IP addresses, CIDR ranges or ${ADDRESS_RANGES.join(', ')}`),
  REQUEST_TIMEOUT_MS: integer(1000, 600_000).default(10_000).describe('an integer of milliseconds from 1000 to 600000'),
  KEEP_ALIVE_TIMEOUT_MS: integer(1000, 3_600_000)
    .default(72_000)
    .describe('an integer of milliseconds from 1000 to 3600000'),
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
  readonly shutdownDrainMs: number;
  readonly shutdownTimeoutMs: number;
  readonly commitSha: string;
  /** Origins whose browser scripts may read the answers; none turns CORS off. */
  readonly corsOrigins: readonly string[];
  /** Requests one client address may make per window; 0 turns the limit off. */
  readonly rateLimitMax: number;
  readonly rateLimitWindowMs: number;
  /** The proxies whose `X-Forwarded-For` is believed; none means the connection's address is the client's. */
  readonly trustProxy: readonly string[];
  /** How long a request's headers, and the whole request, may take to arrive. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open: longer than any proxy in front keeps it. */
  readonly keepAliveTimeoutMs: number;
}

/** Raised for a bad environment; its message is one line naming each bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads and validates the settings once; an empty variable counts as unset. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const names = Object.keys(environment.shape) as (keyof typeof environment.shape)[];
  const raw = Object.fromEntries(names.map((name) => [name, env[name] || undefined]));
  const result = environment.safeParse(raw);
  if (!result.success) {
    const bad = [...new Set(result.error.issues.map((issue) => issue.path[0] as keyof typeof environment.shape))];
    throw new ConfigError(
      bad
        .map((name) => `${name} must be ${environment.shape[name].description} (got ${JSON.stringify(env[name])})`)
        .join('; '),
    );
  }
  const data = result.data;
  return {
    port: data.PORT,
    host: data.HOST,
    logLevel: data.LOG_LEVEL,
    shutdownDrainMs: data.SHUTDOWN_DRAIN_MS,
    shutdownTimeoutMs: data.SHUTDOWN_TIMEOUT_MS,
    commitSha: data.COMMIT_SHA,
    corsOrigins: data.CORS_ORIGINS,
    rateLimitMax: data.RATE_LIMIT_MAX,
    rateLimitWindowMs: data.RATE_LIMIT_WINDOW_MS,
    trustProxy: data.TRUST_PROXY,
    requestTimeoutMs: data.REQUEST_TIMEOUT_MS,
    keepAliveTimeoutMs: data.KEEP_ALIVE_TIMEOUT_MS,
  };
}
