import 'reflect-metadata';
import { VERSION } from './version';
import { createApp } from './app/create-app';
import { stopGracefullyOnSignals } from './shutdown/graceful-shutdown';
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
  // What nothing caught still ends the process, as it would have, but as a JSON line of its own
  // after every line logged before it, rather than as a stack trace on stderr.
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception: exiting');
    process.exit(1);
  });
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

// Imported rather than run (the image does so to fill Node's compile cache as it is built), the
// bundle only loads. Node 20 has no `import.meta.main`, and runs it either way.
if ((import.meta as { main?: boolean }).main !== false) {
  main().catch((error: unknown) => fail(`failed to start: ${(error as Error).message}`));
}
