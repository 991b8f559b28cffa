import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { Drain } from './drain';

/**
 * On SIGTERM or SIGINT: readiness turns 503 at once, the server keeps answering for
 * `shutdownDrainMs` so that load balancers take this replica out of rotation, then it stops
 * accepting connections, closes the idle keep-alive ones, finishes the requests in flight and
 * exits 0. Requests still in flight `shutdownTimeoutMs` later are cut off, and it exits 1.
 * A second signal exits at once.
 */
export function stopGracefullyOnSignals(
  app: INestApplication,
  { shutdownDrainMs, shutdownTimeoutMs }: Pick<Config, 'shutdownDrainMs' | 'shutdownTimeoutMs'>,
  logger: Logger,
): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.get(Drain).begin();
    logger.info({ signal, drainMs: shutdownDrainMs }, 'draining: readiness is 503, still serving');
    await sleep(shutdownDrainMs);
    const outcome = await Promise.race([
      app.close().then(
        () => 'stopped' as const,
        (error: unknown) => logger.error({ err: error }, 'stopping the server failed'),
      ),
      sleep(shutdownTimeoutMs, 'timeout' as const, { ref: false }),
    ]);
    if (outcome === 'stopped') {
      logger.info('stopped');
      process.exit(0);
    }
    if (outcome === 'timeout') {
      logger.warn({ timeoutMs: shutdownTimeoutMs }, 'requests still in flight at the timeout: exiting anyway');
    }
    process.exit(1);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
