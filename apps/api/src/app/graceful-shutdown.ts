import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication } from '@nestjs/common';
import type { Logger } from 'pino';
import { Drain } from '../health/drain';

/**
 * On SIGTERM or SIGINT: readiness turns 503 at once, the server keeps answering for `drainMs` so
 * that load balancers take this replica out of rotation, then it stops accepting connections,
 * closes the idle keep-alive ones, finishes the requests in flight and exits 0.
 * A second signal exits at once.
 */
export function stopGracefullyOnSignals(app: INestApplication, drainMs: number, logger: Logger): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    app.get(Drain).begin();
    logger.info({ signal, drainMs }, 'draining: readiness is 503, still serving');
    await sleep(drainMs);
    await app.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
