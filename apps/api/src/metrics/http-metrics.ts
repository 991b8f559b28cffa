import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const LABELS = ['method', 'route', 'status'] as const;

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
 * The process's Prometheus registry. It is per application rather than prom-client's global
 * one, so that each app built in a test starts from zero.
 */
@Injectable()
export class HttpMetrics {
  readonly registry = new Registry();

  private readonly duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by method, route and status',
    labelNames: LABELS,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [this.registry],
  });

  constructor() {
    const duration = this.duration;
    new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered, by method, route and status',
      labelNames: LABELS,
      registers: [this.registry],
      // Read off the histogram's counts when scraped: each label lookup costs the hot path as
      // much as the route itself, so a request pays for one observation rather than two.
      async collect() {
        this.reset();
        for (const { metricName, labels, value } of (await duration.get()).values) {
          if (metricName === 'http_request_duration_seconds_count') this.inc(labels, value);
        }
      },
    });
    collectDefaultMetrics({ register: this.registry });
    for (const name of TOTAL_SUFFIXED_GAUGES) this.registry.removeSingleMetric(name);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    this.duration.observe({ method, route, status }, seconds);
  }
}
