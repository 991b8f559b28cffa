import { Module } from '@nestjs/common';
import { HttpMetrics } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { RequestObserver } from './request-observer';

@Module({ controllers: [MetricsController], providers: [HttpMetrics, RequestObserver] })
export class MetricsModule {}
