import { type DynamicModule, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { ConfigModule } from '../config/config.module';
import { DinosaursModule } from '../dinosaurs/dinosaurs.module';
import { HealthModule } from '../health/health.module';
import { InfoModule } from '../info/info.module';
import { MetricsModule } from '../metrics/metrics.module';

@Module({})
export class AppModule {
  static forRoot(config: Config, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config, logger), DinosaursModule, HealthModule, InfoModule, MetricsModule],
    };
  }
}
