import { spawnSync } from 'node:child_process';
import { Prometheus, Replica, stopAll } from './support/processes';
import { read, scratch, shippedGroups, writeRuleFile } from './support/rules';

interface Dashboard {
  templating: { list: { name: string; type: string; query: string }[] };
  panels: { title: string; targets: { expr: string; legendFormat: string }[] }[];
}
const dashboard = JSON.parse(read('k8s/api/monitoring/grafana-dashboard.json')) as Dashboard;

/**
 * The traffic each replica answers while Prometheus watches, by path: what the dashboard must show.
 * Of the 100 answers, 20 are 4xx (a 400 and a 404 route), none 5xx; 70 are of /dinosaurs, 30 of /dinosaurs/:name.
 */
const TRAFFIC: [path: string, status: number, count: number][] = [
  ['/dinosaurs', 200, 60],
  ['/dinosaurs?diet=omnivorous', 400, 10],
  ['/dinosaurs/Tyrannosaurus', 200, 20],
  ['/dinosaurs/barney', 404, 10],
];

/**
 * Each kind of request once per series before the first scrape, 20 times: prom-client creates a
 * series at its first request, and Prometheus extrapolates every series of a target alike only if
 * none starts from zero or close to it within the window. The dashboard's shares are then exact.
 */
const WARM_UP = 20;

/** A dashboard query as Grafana sends it for namespace "dinosaurs", with a rate window longer than the test. */
const asGrafanaSends = (expr: string) =>
  expr.replaceAll('$namespace', 'dinosaurs').replaceAll('$__rate_interval', '5m');

const valueOf = (result: { value: [number, string] }) => Number(result.value[1]);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a real Prometheus scraping two replicas of the built bundle, with the shipped rules', () => {
  const folder = scratch('prometheus-');
  let replicas: Replica[];
  let prometheus: Prometheus;

  beforeAll(async () => {
    replicas = await Promise.all(['api-5d9c7b-k2x4q', 'api-5d9c7b-w7m1z'].map((pod) => Replica.start(pod)));
    for (const replica of replicas)
      for (const [path, status] of TRAFFIC)
        for (let i = 0; i < WARM_UP; i++) expect(await replica.get(path)).toBe(status);
    // The shipped groups, evaluated every second instead of every minute, so that the test takes seconds.
    const groups = shippedGroups().map((group) => ({ ...group, interval: '1s' }));
    prometheus = await Prometheus.start(folder, writeRuleFile(folder, groups), replicas);
    await prometheus.until('count(up{job="api"} == 1)', (result) => result[0]?.value[1] === '2');
    await sleep(2_000);
    for (let round = 0; round < 60; round++)
      for (const replica of replicas)
        for (const [path, status, count] of TRAFFIC) if (round < count) expect(await replica.get(path)).toBe(status);
    // Two more scrapes and rule evaluations, so that everything sent is counted.
    await sleep(2_500);
  }, 120_000);
  afterAll(() => stopAll());

  it("scrapes both replicas under the PodMonitoring's job name, with their namespace and pod", async () => {
    const up = await prometheus.query('up');
    expect(up.map(({ metric, value }) => [metric['job'], metric['namespace'], metric['pod'], value[1]]).sort()).toEqual(
      [
        ['api', 'dinosaurs', 'api-5d9c7b-k2x4q', '1'],
        ['api', 'dinosaurs', 'api-5d9c7b-w7m1z', '1'],
      ],
    );
  });

  it("finds nothing to report in each replica's /metrics with promtool check metrics", async () => {
    for (const replica of replicas) {
      const exposition = await (await fetch(`${replica.url}/metrics`)).text();
      const check = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
      expect([replica.pod, check.status, check.stdout + check.stderr]).toEqual([replica.pod, 0, '']);
    }
  });

  it('keeps the data source and namespace variables of the dashboard', () => {
    expect(dashboard.templating.list.map(({ name, type, query }) => [name, type, query])).toEqual([
      ['datasource', 'datasource', 'prometheus'],
      ['namespace', 'custom', 'dinosaurs'],
    ]);
  });

  it('answers every dashboard query with finite values', async () => {
    const queries = dashboard.panels.flatMap((panel) => panel.targets.map((target) => [panel.title, target.expr]));
    expect(queries.length).toBe(18);
    for (const [title, expr] of queries) {
      const result = await prometheus.query(asGrafanaSends(expr));
      const notFinite = result.filter((r) => !Number.isFinite(valueOf(r))).map((r) => r.metric);
      expect([title, expr, result.length > 0, notFinite]).toEqual([title, expr, true, []]);
    }
  });

  /** The values of the panel whose title starts with `title`, by the label its legend shows. */
  async function panel(title: string): Promise<Record<string, number>> {
    const found = dashboard.panels.find((p) => p.title.startsWith(title));
    if (!found) throw new Error(`no panel "${title}"`);
    const values: Record<string, number> = {};
    for (const { expr, legendFormat } of found.targets)
      for (const result of await prometheus.query(asGrafanaSends(expr)))
        values[legendFormat.replace(/\{\{(\w+)\}\}/g, (_, label: string) => result.metric[label])] = valueOf(result);
    return values;
  }

  it('shows the share of 4xx that was sent, and a 5xx share of 0, not no data', async () => {
    const errors = await panel('Errors');
    expect(errors['5xx']).toBe(0);
    expect(errors['4xx']).toBeCloseTo(0.2, 9);
  });

  it('shows both public routes, in the proportion they were asked for', async () => {
    const perSecond = await panel('Requests per second');
    expect(perSecond['/dinosaurs'] / perSecond['/dinosaurs/:name']).toBeCloseTo(70 / 30, 9);
    const p99 = await panel('Latency p99, by route');
    expect(Object.keys(p99)).toEqual(expect.arrayContaining(['/dinosaurs', '/dinosaurs/:name']));
  });

  it('shows latency, memory and event-loop lag for each pod', async () => {
    const latency = await panel('Latency of GET /dinosaurs');
    expect(Object.keys(latency).sort()).toEqual(['p50', 'p95', 'p99']);
    expect(latency['p50']).toBeGreaterThan(0);
    expect(latency['p50']).toBeLessThanOrEqual(latency['p99']);
    for (const title of ['Memory', 'Event-loop lag'])
      expect([title, Object.keys(await panel(title)).sort()]).toEqual([title, replicas.map((r) => r.pod).sort()]);
  });

  it('shows the whole availability budget left, and no availability burn', async () => {
    const budget = await panel('Error budget left');
    expect(Object.keys(budget).sort()).toEqual(['availability', 'latency']);
    expect(budget['availability']).toBe(1);
    expect(budget['latency']).toBeLessThanOrEqual(1);
    expect(Object.values(await panel('Availability: burn rate'))).toEqual([0, 0, 0, 0]);
    expect(Object.keys(await panel('Latency: burn rate'))).toHaveLength(4);
  });

  it('records finite values for every SLO rule', async () => {
    const recorded = await prometheus.query('{__name__=~"slo:.+"}');
    const names = (slo: string) =>
      recorded
        .filter((result) => result.metric['sloth_slo'] === slo && Number.isFinite(valueOf(result)))
        .map(({ metric }) => `${metric['__name__']}${metric['sloth_window'] ?? ''}`)
        .sort();
    const expected = [
      ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `slo:sli_error:ratio_rate${w}${w}`),
      'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
    ].sort();
    expect(names('availability')).toEqual(expected);
    expect(names('latency')).toEqual(expected);
    expect(recorded).toHaveLength(2 * expected.length);
  });

  it('fires no alert on the healthy service', async () => {
    expect(await prometheus.query('ALERTS')).toEqual([]);
  });

  it('puts DinosaursApiDown in pending or firing once every replica has stopped', async () => {
    await Promise.all(replicas.map((replica) => replica.stop()));
    const down = await prometheus.until('ALERTS{alertname="DinosaursApiDown"}', (result) => result.length > 0);
    expect(
      down.map(({ metric }) => [metric['severity'], metric['job'], metric['namespace'], metric['alertstate']]),
    ).toEqual([['page', 'api', 'dinosaurs', expect.stringMatching(/^(pending|firing)$/)]]);
  });
});
