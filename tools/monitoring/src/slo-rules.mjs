// Turns the SLOs of k8s/api/monitoring/slos.yaml into Prometheus rule groups, and writes them as the
// two objects that deliver them: GKE Managed Prometheus' Rules (in the gke overlay) and
// prometheus-operator's PrometheusRule. Both hold the same groups, so the rules are written once.
//
// Usage: node tools/monitoring/src/slo-rules.mjs [--write | --check]
//   (no flag) prints the rule groups as a plain Prometheus rule file, as promtool reads them;
//   --write   writes both objects; --check exits 1 naming each one that differs from what --write writes.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { Document, parse, stringify } from 'yaml';

export const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const SOURCE = 'k8s/api/monitoring/slos.yaml';
export const OUTPUTS = {
  Rules: 'k8s/api/overlays/gke/rules.yaml',
  PrometheusRule: 'k8s/api/monitoring/prometheusrule.yaml',
};
/** How often each group is evaluated: twice the PodMonitoring's scrape interval, a fifth of the shortest window. */
const INTERVAL = '1m';

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 };
/** The seconds in a Prometheus duration of one unit (30s, 5m, 1h, 3d). */
export function seconds(duration) {
  const match = /^(\d+)([smhd])$/.exec(duration);
  if (!match) throw new Error(`${SOURCE}: "${duration}" is not a duration such as 5m, 1h or 3d`);
  return Number(match[1]) * UNIT_SECONDS[match[2]];
}

/** 50 hours as "50h", 3 days as "3d": how long a budget lasts, to the hour. */
const humanDuration = (s) => (s < 3 * 86400 ? `${Math.round(s / 3600)}h` : `${Math.round(s / 86400)}d`);
/** A ratio as the percentage the SLO table would write: 0.0144 → "1.44%". */
const percent = (ratio) => `${Number((ratio * 100).toPrecision(6))}%`;
/** A product of two decimals without binary noise: 14.4 × 0.001 → 0.0144. */
const times = (a, b) => Number((a * b).toPrecision(12));

/** Every window a rule reads, shortest first: the alerts' long and short windows. */
export function windows(spec) {
  const all = new Set(spec.burn_rate_alerts.flatMap((a) => [a.long_window, a.short_window]));
  return [...all].sort((a, b) => seconds(a) - seconds(b));
}

/** The recording and alerting rules of one SLO, in the order they must be evaluated. */
function sloRules(spec, slo) {
  const query = (template, window) =>
    template.replaceAll('{{.selector}}', spec.selector).replaceAll('{{.window}}', window);
  const id = `${spec.service}-${slo.name}`;
  const budget = Number((1 - slo.objective / 100).toPrecision(12));
  const labels = { sloth_id: id, sloth_service: spec.service, sloth_slo: slo.name };
  /** A recorded ratio without its sloth_window label, for the rules that combine or rescale it. */
  const ratio = (window) => `max without (sloth_window) (slo:sli_error:ratio_rate${window}{sloth_id="${id}"})`;
  // A healthy API has never answered a 5xx, so it has no 5xx series and the error query finds
  // nothing: `or 0 * total` makes the ratio 0 whenever there is traffic, rather than missing.
  const errorRatio = (window) => {
    const total = query(slo.sli.events.total_query, window);
    return {
      record: `slo:sli_error:ratio_rate${window}`,
      expr: `(\n  ${query(slo.sli.events.error_query, window)}\nor\n  0 * ${total}\n)\n/\n  ${total}`,
      labels: { ...labels, sloth_window: window },
    };
  };

  const burnAlert = ({ severity, long_window: long, short_window: short, burn_rate: rate }) => {
    const threshold = times(rate, budget);
    const spent = (rate * seconds(long)) / seconds(spec.period);
    const badAnswers = `(${query(slo.sli.events.error_query, long)}) * ${seconds(long)}`;
    return {
      alert: slo.alerting.name,
      expr: `(\n  ${ratio(long)} > ${threshold}\nand\n  ${ratio(short)} > ${threshold}\n)\nand on (namespace)\n  ${badAnswers} >= ${spec.min_bad_events}`,
      labels: { severity, long_window: long, short_window: short },
      annotations: {
        summary: `Dinosaur API ${slo.name}: the error budget burns ${rate}× too fast over ${long} and ${short}`,
        description:
          `{{ $value | humanizePercentage }} of the ${slo.alerting.bad_answers} over the last ${long}, ` +
          `and more than ${percent(threshold)} over the last ${short} too, ` +
          `with at least ${spec.min_bad_events} such answers. The SLO allows ${percent(budget)} ` +
          `(${slo.objective}% over ${spec.period}); burning ${rate}× that spends ${percent(spent)} ` +
          `of the budget in ${long}, and all of it in ${humanDuration(seconds(spec.period) / rate)}.`,
        runbook_url: `${spec.runbook_base_url}${slo.alerting.runbook}`,
      },
    };
  };

  return [
    ...windows(spec).map(errorRatio),
    // The period's ratio reads the raw counters over the whole period rather than averaging the 5m
    // ratios as Sloth does: at low traffic most 5m ratios are 0/0, and one NaN makes that average NaN.
    errorRatio(spec.period),
    { record: 'slo:current_burn_rate:ratio', expr: `${ratio(windows(spec)[0])} / ${budget}`, labels },
    { record: 'slo:period_burn_rate:ratio', expr: `${ratio(spec.period)} / ${budget}`, labels },
    {
      record: 'slo:period_error_budget_remaining:ratio',
      expr: `1 - slo:period_burn_rate:ratio{sloth_id="${id}"}`,
      labels,
    },
    ...spec.burn_rate_alerts.map(burnAlert),
  ];
}

/**
 * The Prometheus rule groups: one per SLO, and one for the service-down alert. A group's rules run
 * in order, so each alert reads the ratios recorded in the same evaluation, not the previous one.
 */
function ruleGroups(spec) {
  const up = `up{${spec.selector}}`;
  const down = spec.service_down;
  const serviceDown = {
    alert: down.name,
    expr: `sum by (job, namespace) (${up}) == 0\nor\nabsent(${up})`,
    for: down.for,
    labels: { severity: 'page' },
    annotations: {
      summary: 'Dinosaur API: Prometheus sees no API pod up',
      description:
        `For ${down.for}, no API pod (${spec.selector}) has answered Prometheus's scrape, or Prometheus ` +
        'has no such pod at all. The burn-rate alerts cannot fire then: with no answers counted, ' +
        'no error is counted either.',
      runbook_url: `${spec.runbook_base_url}${down.runbook}`,
    },
  };
  const group = (name, rules) => ({ name: `${spec.service}-${name}`, interval: INTERVAL, rules });
  return [...spec.slos.map((slo) => group(slo.name, sloRules(spec, slo))), group('down', [serviceDown])];
}

export const readSpec = () => parse(readFileSync(join(workspace, SOURCE), 'utf8'));

const HEADER = ` Generated by tools/monitoring/src/slo-rules.mjs from ${SOURCE}: do not edit.
 Write it again with \`npx nx run monitoring:rules\`.`;
const METADATA = {
  name: 'api-slos',
  namespace: 'dinosaurs',
  labels: {
    'app.kubernetes.io/name': 'api',
    'app.kubernetes.io/part-of': 'dinosaurs',
    'app.kubernetes.io/component': 'api',
  },
};
const API_VERSIONS = { Rules: 'monitoring.googleapis.com/v1', PrometheusRule: 'monitoring.coreos.com/v1' };

/** YAML as Prettier formats it, so that the generated files pass `prettier --check`. */
async function pretty(text, file) {
  return format(text, { ...(await resolveConfig(join(workspace, file))), filepath: join(workspace, file) });
}

/** The text of each output file, keyed by path. */
export async function renderOutputs(spec = readSpec()) {
  const groups = ruleGroups(spec);
  const files = {};
  for (const [kind, file] of Object.entries(OUTPUTS)) {
    const document = new Document({ apiVersion: API_VERSIONS[kind], kind, metadata: METADATA, spec: { groups } });
    document.commentBefore = HEADER;
    files[file] = await pretty(document.toString({ lineWidth: 0 }), file);
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { write: { type: 'boolean' }, check: { type: 'boolean' } } });
  if (values.write || values.check) {
    const stale = [];
    for (const [file, text] of Object.entries(await renderOutputs())) {
      if (values.write) writeFileSync(join(workspace, file), text);
      else if (readFileSync(join(workspace, file), 'utf8') !== text) stale.push(file);
    }
    for (const file of stale) console.error(`${file} is stale: run \`npx nx run monitoring:rules\``);
    process.exit(stale.length > 0 ? 1 : 0);
  }
  process.stdout.write(stringify({ groups: ruleGroups(readSpec()) }, { lineWidth: 0 }));
}
