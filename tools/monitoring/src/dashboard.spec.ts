import { readSpec } from './slo-rules.mjs';
import { read } from './support/rules';

interface Panel {
  title: string;
  targets: { expr: string }[];
  fieldConfig: { defaults: { thresholds?: { steps: { value: number | null }[] } } };
}
const panels = (JSON.parse(read('k8s/api/monitoring/grafana-dashboard.json')) as { panels: Panel[] }).panels;
const spec = readSpec();

// What Prometheus answers to each query is tested in prometheus.spec.ts; these are the figures the
// dashboard itself states, which must say what slos.yaml says.
describe('the dashboard', () => {
  it.each(spec.slos.map((slo) => [slo.name, slo.objective] as const))(
    'turns the %s error ratios into burn rates with the budget of its %d% objective, over the alerts’ long windows',
    (name, objective) => {
      const burn = panels.find((panel) => panel.title.toLowerCase().startsWith(`${name}: burn rate`));
      const divisors = burn?.targets.map(({ expr }) =>
        /^slo:sli_error:ratio_rate(\w+)\{.*\} \/ ([\d.]+)$/.exec(expr)?.slice(1),
      );
      const budget = String(Number((1 - objective / 100).toPrecision(12)));
      expect(divisors).toEqual(spec.burn_rate_alerts.map((alert) => [alert.long_window, budget]));
    },
  );

  it("draws the alerts' burn-rate thresholds on the burn-rate panels", () => {
    const burnPanels = panels.filter((panel) => panel.title.includes('burn rate'));
    expect(burnPanels).toHaveLength(spec.slos.length);
    const thresholds = spec.burn_rate_alerts.map((alert) => alert.burn_rate).sort((a, b) => a - b);
    for (const panel of burnPanels)
      expect(panel.fieldConfig.defaults.thresholds?.steps.map((step) => step.value)).toEqual([null, ...thresholds]);
  });
});
