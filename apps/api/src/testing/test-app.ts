import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../app/create-app';
import { type Config, parseConfig } from '../config/config';
import { createLogger } from '../logging/logger';

export interface TestApp {
  readonly app: NestFastifyApplication;
  /** Every JSON line the app logged, parsed. */
  readonly logs: Record<string, unknown>[];
}

/** The whole API in process, on the Fastify adapter, ready for `app.inject()`. */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const logs: Record<string, unknown>[] = [];
  const config = { ...parseConfig({}), ...overrides };
  const logger = createLogger(config.logLevel, { write: (line: string) => logs.push(JSON.parse(line)) });
  return { app: await createApp(config, logger), logs };
}
