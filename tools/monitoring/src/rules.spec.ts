import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { OUTPUTS, readSpec, renderOutputs, seconds, windows, workspace } from './slo-rules.mjs';
import { read, run, scratch, shipped, shippedGroups, writeRuleFile } from './support/rules';

const spec = readSpec();
const rules = shippedGroups().flatMap((group) => group.rules);
const alerts = rules.filter((rule) => rule.alert);
const WINDOW_IN_EXPR = /\[(\d+[smhd])\]/g;

describe('the SLO rules', () => {
  it('are committed as slos.yaml generates them (npx nx run monitoring:rules writes them)', async () => {
    const stale = Object.entries(await renderOutputs()).filter(([file, text]) => read(file) !== text);
    expect(stale.map(([file]) => file)).toEqual([]);
  });

  it('hold identical groups in the GKE Rules and the PrometheusRule', () => {
    const gke = shipped('Rules');
    const operator = shipped('PrometheusRule');
    expect([gke.apiVersion, gke.kind, gke.metadata.namespace]).toEqual([
      'monitoring.googleapis.com/v1',
      'Rules',
      'dinosaurs',
    ]);
    expect([operator.apiVersion, operator.kind]).toEqual(['monitoring.coreos.com/v1', 'PrometheusRule']);
    expect(gke.spec.groups.map((g) => g.name)).toEqual([
      'dinosaurs-api-availability',
      'dinosaurs-api-latency',
      'dinosaurs-api-down',
    ]);
    expect(operator.spec.groups).toEqual(gke.spec.groups);
    expect(operator.metadata).toEqual(gke.metadata);
  });

  it('ship the Rules in the gke overlay, and the PrometheusRule in no overlay', () => {
    const gke = parse(read('k8s/api/overlays/gke/kustomization.yaml')) as { resources: string[] };
    const local = parse(read('k8s/api/overlays/local/kustomization.yaml')) as { resources: string[] };
    expect(gke.resources).toContain('rules.yaml');
    expect(local.resources).not.toContain('rules.yaml');
    expect(OUTPUTS.Rules).toBe('k8s/api/overlays/gke/rules.yaml');
    expect(OUTPUTS.PrometheusRule).toBe('k8s/api/monitoring/prometheusrule.yaml');
  });

  const folder = scratch('rules-');

  it('pass promtool check rules', async () => {
    const file = writeRuleFile(folder);
    const { status, output } = await run('promtool', ['check', 'rules', file]);
    expect([status, output.trim().split('\n').at(-1)?.trim()]).toEqual([0, `SUCCESS: ${rules.length} rules found`]);
  });

  it('record the error ratio of each SLO over every window, the period, the burn rates and the budget left', () => {
    for (const slo of spec.slos) {
      const own = rules.filter((rule) => rule.record && rule.labels?.['sloth_slo'] === slo.name);
      expect(own.map((rule) => `${rule.record}${rule.labels?.['sloth_window'] ?? ''}`)).toEqual([
        ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => `slo:sli_error:ratio_rate${w}${w}`),
        'slo:current_burn_rate:ratio',
        'slo:period_burn_rate:ratio',
        'slo:period_error_budget_remaining:ratio',
      ]);
      for (const rule of own)
        expect(rule.labels).toMatchObject({
          sloth_id: `dinosaurs-api-${slo.name}`,
          sloth_service: 'dinosaurs-api',
          sloth_slo: slo.name,
        });
    }
    expect(windows(spec)).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
    expect([spec.period, spec.slos.map((slo) => [slo.name, slo.objective])]).toEqual([
      '30d',
      [
        ['availability', 99.9],
        ['latency', 99],
      ],
    ]);
  });

  it("alert on the SRE Workbook's four window pairs for each SLO, at burn rate × budget", () => {
    const table = spec.slos.flatMap((slo) =>
      alerts
        .filter((rule) => rule.alert === slo.alerting.name)
        .map(({ labels, expr }) => {
          const thresholds = [...expr.matchAll(/\) > ([\d.]+)/g)].map(([, value]) => Number(value));
          return [slo.name, labels?.['severity'], labels?.['long_window'], labels?.['short_window'], ...thresholds];
        }),
    );
    expect(table).toEqual([
      ['availability', 'page', '1h', '5m', 0.0144, 0.0144],
      ['availability', 'page', '6h', '30m', 0.006, 0.006],
      ['availability', 'ticket', '1d', '2h', 0.003, 0.003],
      ['availability', 'ticket', '3d', '6h', 0.001, 0.001],
      ['latency', 'page', '1h', '5m', 0.144, 0.144],
      ['latency', 'page', '6h', '30m', 0.06, 0.06],
      ['latency', 'ticket', '1d', '2h', 0.03, 0.03],
      ['latency', 'ticket', '3d', '6h', 0.01, 0.01],
    ]);
  });

  it('give every alert a severity, a summary, a description with its figures and a runbook in the repository', () => {
    expect(alerts.map((rule) => rule.alert)).toEqual([
      ...Array(4).fill('DinosaursApiAvailabilityBudgetBurn'),
      ...Array(4).fill('DinosaursApiLatencyBudgetBurn'),
      'DinosaursApiDown',
    ]);
    for (const { alert, labels, annotations = {} } of alerts) {
      expect([alert, labels?.['severity']]).toEqual([alert, expect.stringMatching(/^(page|ticket)$/)]);
      expect(Object.keys(annotations).sort()).toEqual(['description', 'runbook_url', 'summary']);
      expect(annotations['description']).toMatch(/\d/);
      const runbook = annotations['runbook_url'].replace(spec.runbook_base_url, 'docs/runbooks/');
      expect([alert, existsSync(join(workspace, runbook))]).toEqual([alert, true]);
    }
  });

  it.each(spec.slos.map((slo) => slo.alerting.runbook).concat(spec.service_down.runbook))(
    'have a runbook %s that says what the alert means, how to look and what to do, rollback included',
    (runbook) => {
      const text = read(`docs/runbooks/${runbook}`);
      expect(text.match(/^## .+$/gm)).toEqual(['## What it means', '## How to look', '## What to do']);
      expect(text).toContain('Dashboard');
      expect(text).toContain('kubectl -n dinosaurs logs');
      expect(text).toContain('kubectl -n dinosaurs rollout undo deployment/api');
    },
  );

  it("let the PodMonitoring's scrape interval fit the shortest window at least 4 times", () => {
    const podMonitoring = parse(read('k8s/api/overlays/gke/podmonitoring.yaml')) as {
      spec: { endpoints: { interval: string }[] };
    };
    const scrape = seconds(podMonitoring.spec.endpoints[0].interval);
    const shortest = Math.min(
      ...rules.flatMap((rule) => [...rule.expr.matchAll(WINDOW_IN_EXPR)].map(([, w]) => seconds(w))),
    );
    expect([scrape, shortest]).toEqual([30, 300]);
    // rate() needs two samples in its window; four leave room for a missed scrape.
    expect(shortest).toBeGreaterThanOrEqual(4 * scrape);
    for (const group of shippedGroups()) expect(seconds(group.interval)).toBeLessThanOrEqual(shortest / 4);
  });
});

describe('k8s-validate on the rules objects', () => {
  const copies: string[] = [];
  afterAll(() => copies.forEach((copy) => rmSync(copy, { recursive: true, force: true })));

  it('names the file, object and field of a misspelt field in the Rules and in the PrometheusRule', async () => {
    const root = mkdtempSync(join(tmpdir(), 'k8s-'));
    copies.push(root);
    cpSync(join(workspace, 'k8s'), root, { recursive: true });
    const misspell = (file: string, from: string, to: string) =>
      writeFileSync(join(root, file), read(`k8s/${file}`).replace(from, to));
    misspell('api/overlays/gke/rules.yaml', '- record:', '- recrod:');
    misspell('api/monitoring/prometheusrule.yaml', '        for: 2m', '        four: 2m');

    const { status, output } = await run('node', ['tools/delivery/src/validate.mjs', 'api', '--root', root]);

    expect(status).toBe(1);
    expect(output.trim().split('\n').sort()).toEqual([
      `${root}/api/monitoring/prometheusrule.yaml: PrometheusRule/api-slos: spec.groups[2].rules[0].four: unknown field (did you mean "for"?) (rendered by ${root}/api/monitoring)`,
      `${root}/api/overlays/gke/rules.yaml: Rules/api-slos: spec.groups[0].rules[0].recrod: unknown field (did you mean "record"?) (rendered by ${root}/api/overlays/gke)`,
    ]);
  });
});
