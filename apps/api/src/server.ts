import 'reflect-metadata';
import { get } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VERSION } from './version';
import { createApp } from './app/create-app';
import { stopGracefullyOnSignals } from './shutdown/graceful-shutdown';
import { ConfigError, parseConfig } from './config/config';
import { createLogger } from './logging/logger';
import { fail } from './fail';

/** What the entry point (main.ts) made of V8's code cache for this bundle: the start logs it. */
export type CodeCache = 'accepted' | 'rejected' | 'absent' | 'off';

async function listen(codeCache: CodeCache): Promise<AddressInfo> {
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
    { version: VERSION, commit: config.commitSha, host: config.host, port: config.port, codeCache },
    'dinosaur API listening',
  );
  return app.getHttpServer().address() as AddressInfo;
}

/** Configures the API from the environment and listens; resolves with the address it listens on. */
export function start(codeCache: CodeCache): Promise<AddressInfo> {
  return listen(codeCache).catch((error: unknown) => fail(`failed to start: ${(error as Error).message}`));
}

/**
 * What clients and the kubelet ask for, so that V8 compiles the code that answers them while a
 * code cache is being made: a list, a diet, one dinosaur, a 404, a 304, the probes, the metrics.
 */
const EXERCISED = [
  ['/dinosaurs', {}],
  ['/dinosaurs?diet=herbivorous', {}],
  ['/dinosaurs/Tyrannosaurus', {}],
  ['/dinosaurs/Nessie', {}],
  ['/dinosaurs', { 'if-none-match': '*' }],
  ['/health/live', {}],
  ['/health/ready', {}],
  ['/metrics', {}],
] as const;

/** Sends each of {@link EXERCISED} to the API at `address`, one after the other. */
export async function exercise({ address, port }: AddressInfo): Promise<void> {
  const host = address === '0.0.0.0' ? '127.0.0.1' : address === '::' ? '::1' : address;
  for (const [path, headers] of EXERCISED) {
    await new Promise<void>((resolve, reject) =>
      get({ host, port, path, headers }, (response) => response.resume().on('end', resolve)).on('error', reject),
    );
  }
}
