import { Injectable } from '@nestjs/common';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { RequestMetrics } from './request-metrics';

/**
 * prom-client's default gauges that carry a counter's `_total` suffix (prometheus/client_js#283),
 * which `promtool check metrics` rejects. Each is only the sum of its by-type gauge
 * (`sum(nodejs_active_handles)`), so they are dropped rather than renamed to yet another name.
 */
const TOTAL_SUFFIXED_GAUGES = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/**
 * The process's metrics: the requests it answered, and prom-client's process and Node metrics in
 * a registry of their own rather than prom-client's global one, so that each app built in a test
 * starts from zero.
 */
@Injectable()
export class HttpMetrics {
  private readonly requests = new RequestMetrics();
  private readonly registry = new Registry();

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of TOTAL_SUFFIXED_GAUGES) this.registry.removeSingleMetric(name);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.requests.observe(method, route, status, seconds);
  }

  /** Every metric, in Prometheus's text format. */
  async exposition(): Promise<string> {
    return `${this.requests.exposition()}\n${await this.registry.metrics()}`;
  }
}
