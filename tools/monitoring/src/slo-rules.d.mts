export interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
export interface RuleGroup {
  name: string;
  interval: string;
  rules: Rule[];
}
export interface BurnRateAlert {
  severity: 'page' | 'ticket';
  long_window: string;
  short_window: string;
  burn_rate: number;
}
export interface SloSpec {
  service: string;
  period: string;
  selector: string;
  runbook_base_url: string;
  min_bad_events: number;
  burn_rate_alerts: BurnRateAlert[];
  slos: { name: string; objective: number; alerting: { name: string; runbook: string } }[];
  service_down: { name: string; runbook: string; for: string };
}
export const workspace: string;
export const OUTPUTS: { Rules: string; PrometheusRule: string };
export function seconds(duration: string): number;
export function windows(spec: SloSpec): string[];
export function readSpec(): SloSpec;
export function renderOutputs(spec?: SloSpec): Promise<Record<string, string>>;
