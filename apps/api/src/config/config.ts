import * as z from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Plain decimal digits only: `Number()` would also take `0x50`, `1e3` or ` 80`. */
const integer = (min: number, max: number) =>
  z.string().regex(/^\d+$/).transform(Number).pipe(z.number().min(min).max(max));

const MILLISECONDS = 'an integer of milliseconds from 0 to 600000';

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
});

export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly logLevel: LogLevel;
  readonly shutdownDrainMs: number;
  readonly shutdownTimeoutMs: number;
  readonly commitSha: string;
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
  const { PORT, HOST, LOG_LEVEL, SHUTDOWN_DRAIN_MS, SHUTDOWN_TIMEOUT_MS, COMMIT_SHA } = result.data;
  return {
    port: PORT,
    host: HOST,
    logLevel: LOG_LEVEL,
    shutdownDrainMs: SHUTDOWN_DRAIN_MS,
    shutdownTimeoutMs: SHUTDOWN_TIMEOUT_MS,
    commitSha: COMMIT_SHA,
  };
}
