import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/config';
import { LineBuffer } from './line-buffer';

let timeFieldMs = 0;
let timeField = '';

/**
 * The `"time"` field of a line, as pino's `isoTime` writes it, formatted once per millisecond
 * rather than once per line: under load many lines share a millisecond.
 */
function isoTimeField(): string {
  const now = Date.now();
  if (now !== timeFieldMs) {
    timeFieldMs = now;
    timeField = `,"time":"${new Date(now).toISOString()}"`;
  }
  return timeField;
}

/** The one JSON logger of the process: a line per event, on stdout unless told otherwise. */
export function createLogger(level: LogLevel, destination: DestinationStream = new LineBuffer()): Logger {
  return pino(
    {
      level,
      base: undefined,
      timestamp: isoTimeField,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}

/** What one request line says, besides its level and time. */
export interface RequestRecord {
  readonly method: string;
  readonly route: string;
  readonly url: string;
  readonly status: number;
  readonly durationMs: number;
}

/**
 * Writes the line of one answered request to the logger's destination, exactly as
 * `logger[level]({ method, route, url, status, durationMs }, 'request')` would, without pino's
 * generic walk over the fields: this line is written once per request, and that walk cost more
 * than the rest of the logging.
 */
export function logRequest(
  logger: Logger,
  level: 'info' | 'debug',
  { method, route, url, status, durationMs }: RequestRecord,
): void {
  if (!logger.isLevelEnabled(level)) return;
  // Node's parser admits only token characters in a method; the rest may need escaping.
  (logger as unknown as Record<typeof pino.symbols.streamSym, DestinationStream>)[pino.symbols.streamSym].write(
    `{"level":"${level}"${isoTimeField()},"method":"${method}","route":${JSON.stringify(route)},` +
      `"url":${JSON.stringify(url)},"status":${status},"durationMs":${durationMs},"msg":"request"}\n`,
  );
}

/**
 * Nest's own messages through the same logger. Nest's boot chatter ("Mapped {/dinosaurs, GET}")
 * is `log` level, which goes to debug so that info shows only what operators need.
 */
export class NestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }
  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  /** Nest passes the context last and, for errors, a stack before it. */
  private write(level: 'trace' | 'debug' | 'warn' | 'error' | 'fatal', message: unknown, params: unknown[]) {
    if (!this.logger.isLevelEnabled(level)) return;
    const context = typeof params.at(-1) === 'string' ? params.at(-1) : undefined;
    const stack = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) this.logger[level]({ context, err: message }, message.message);
    else this.logger[level]({ context, stack }, typeof message === 'string' ? message : JSON.stringify(message));
  }
}
