import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from './config';

/** The injection token of the validated {@link Config}. */
export const CONFIG = Symbol('CONFIG');
/** The injection token of the process's pino logger. */
export const LOGGER = Symbol('LOGGER');

/** What was settled before Nest started: the validated settings and the logger built from them. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
      ],
      exports: [CONFIG, LOGGER],
    };
  }
}
