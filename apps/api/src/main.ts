import 'reflect-metadata';
import { VERSION } from './version';
import { createApp } from './app/create-app';
import { stopGracefullyOnSignals } from './app/graceful-shutdown';
import { ConfigError, parseConfig } from './config/config';
import { createLogger } from './logging/logger';

/** Fails the start with one line on stderr, never a stack trace. */
function fail(message: string): never {
  process.stderr.write(`dinosaur API: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  let config;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(`invalid configuration: ${error.message}`);
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const app = await createApp(config, logger);
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    fail(`cannot listen on ${config.host}:${config.port}: ${(error as Error).message}`);
  }
  stopGracefullyOnSignals(app, config, logger);
  logger.info(
    { version: VERSION, commit: config.commitSha, host: config.host, port: config.port },
    'dinosaur API listening',
  );
}

main().catch((error: unknown) => fail(`failed to start: ${(error as Error).message}`));
