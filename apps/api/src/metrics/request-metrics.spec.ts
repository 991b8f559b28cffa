import { DURATION_BUCKETS, RequestMetrics } from './request-metrics';

const lines = (metrics: RequestMetrics) => metrics.exposition().split('\n');

describe('RequestMetrics', () => {
  it('counts each observation in the first bucket whose bound it does not exceed, cumulatively', () => {
    const metrics = new RequestMetrics();

    metrics.observe('GET', '/dinosaurs', 200, 0.001);
    metrics.observe('GET', '/dinosaurs', 200, 0.0011);
    metrics.observe('GET', '/dinosaurs', 200, 2);

    const series = 'method="GET",route="/dinosaurs",status="200"';
    expect(lines(metrics).filter((line) => line.startsWith('http_request_duration_seconds'))).toEqual([
      `http_request_duration_seconds_bucket{le="0.0005",${series}} 0`,
      `http_request_duration_seconds_bucket{le="0.001",${series}} 1`,
      ...DURATION_BUCKETS.slice(2).map((bound) => `http_request_duration_seconds_bucket{le="${bound}",${series}} 2`),
      `http_request_duration_seconds_bucket{le="+Inf",${series}} 3`,
      `http_request_duration_seconds_sum{${series}} ${0.001 + 0.0011 + 2}`,
      `http_request_duration_seconds_count{${series}} 3`,
    ]);
    expect(lines(metrics)).toContain(`http_requests_total{${series}} 3`);
  });

  it('keeps a series per method, route and status, in the order they first came', () => {
    const metrics = new RequestMetrics();

    metrics.observe('GET', '/dinosaurs/:name', 404, 0.002);
    metrics.observe('HEAD', '/dinosaurs', 200, 0.002);
    metrics.observe('GET', '/dinosaurs/:name', 200, 0.002);
    metrics.observe('GET', '/dinosaurs/:name', 404, 0.002);

    expect(lines(metrics).filter((line) => line.startsWith('http_requests_total{'))).toEqual([
      'http_requests_total{method="GET",route="/dinosaurs/:name",status="404"} 2',
      'http_requests_total{method="HEAD",route="/dinosaurs",status="200"} 1',
      'http_requests_total{method="GET",route="/dinosaurs/:name",status="200"} 1',
    ]);
  });

  it('escapes a label value as the text format requires', () => {
    const metrics = new RequestMetrics();

    metrics.observe('GET', 'a "route"\\with\na newline', 200, 0.002);

    expect(lines(metrics)).toContain(
      'http_requests_total{method="GET",route="a \\"route\\"\\\\with\\na newline",status="200"} 1',
    );
  });

  it('writes the type and help of both metrics even before any request', () => {
    expect(new RequestMetrics().exposition()).toBe(
      [
        '# HELP http_request_duration_seconds Time to answer HTTP requests, by method, route and status',
        '# TYPE http_request_duration_seconds histogram',
        '',
        '# HELP http_requests_total HTTP requests answered, by method, route and status',
        '# TYPE http_requests_total counter',
        '',
      ].join('\n'),
    );
  });
});
