/** The upper bounds of `http_request_duration_seconds`, in seconds. */
export const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

/** One method, route and status: its labels as written, and its observations by bucket. */
interface Series {
  readonly labels: string;
  /** Observations per bucket, not cumulative; the last slot holds those above every bound. */
  readonly buckets: number[];
  sum: number;
}

const escapeLabel = (value: string) => value.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));

/**
 * `http_request_duration_seconds` and `http_requests_total` by method, route and status, as
 * Prometheus's text format writes a histogram and a counter. Each observation is a lookup and
 * three additions; prom-client's Histogram validated and hashed the labels of every one of them,
 * which cost a request more than its route's own work. `http_requests_total` is the histogram's
 * count, so a request is observed once for both.
 */
export class RequestMetrics {
  private readonly series = new Map<string, Series>();

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let series = this.series.get(key);
    if (series === undefined) {
      const labels = `method="${escapeLabel(method)}",route="${escapeLabel(route)}",status="${status}"`;
      series = { labels, buckets: Array<number>(DURATION_BUCKETS.length + 1).fill(0), sum: 0 };
      this.series.set(key, series);
    }
    let bucket = 0;
    while (bucket < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[bucket] as number)) bucket++;
    (series.buckets[bucket] as number)++;
    series.sum += seconds;
  }

  /** Both metrics in the text format, each series in the order it was first observed. */
  exposition(): string {
    const durations = [
      '# HELP http_request_duration_seconds Time to answer HTTP requests, by method, route and status',
      '# TYPE http_request_duration_seconds histogram',
    ];
    const counts = [
      '# HELP http_requests_total HTTP requests answered, by method, route and status',
      '# TYPE http_requests_total counter',
    ];
    for (const { labels, buckets, sum } of this.series.values()) {
      let cumulative = 0;
      DURATION_BUCKETS.forEach((bound, index) => {
        cumulative += buckets[index] as number;
        durations.push(`http_request_duration_seconds_bucket{le="${bound}",${labels}} ${cumulative}`);
      });
      const count = cumulative + (buckets[DURATION_BUCKETS.length] as number);
      durations.push(
        `http_request_duration_seconds_bucket{le="+Inf",${labels}} ${count}`,
        `http_request_duration_seconds_sum{${labels}} ${sum}`,
        `http_request_duration_seconds_count{${labels}} ${count}`,
      );
      counts.push(`http_requests_total{${labels}} ${count}`);
    }
    return `${durations.join('\n')}\n\n${counts.join('\n')}\n`;
  }
}
