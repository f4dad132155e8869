import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

/**
 * The monitoring sources and what is made of them. deploy/prometheus/rules.yml and deploy/grafana/travel-orders.json
 * are the sources; k8s/prometheus-rule.yaml and k8s/grafana-dashboard.yaml are rendered from them
 * (`npm run -s build && node dist/test/support/monitoring.js` rewrites both) and test/unit/alert-rules.test.ts fails
 * when a rendered file differs from what the sources give.
 */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RULES_FILE = path.join(ROOT, 'deploy/prometheus/rules.yml');
export const RULES_TEST_FILE = path.join(ROOT, 'deploy/prometheus/rules.test.yml');
export const DASHBOARD_FILE = path.join(ROOT, 'deploy/grafana/travel-orders.json');
export const PROMETHEUS_RULE_MANIFEST = path.join(ROOT, 'k8s/prometheus-rule.yaml');
export const DASHBOARD_MANIFEST = path.join(ROOT, 'k8s/grafana-dashboard.yaml');

export type Rule = { record?: string; alert?: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
export type RuleGroups = { groups: Array<{ name: string; rules: Rule[] }> };
type Panel = { type: string; title: string; targets?: Array<{ expr: string }>; panels?: Panel[] };
export type Dashboard = { title: string; panels: Panel[] };

const labels = (component: string) => ({ 'app.kubernetes.io/name': 'travel-orders', 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': 'travel-orders' });

export async function readRules(): Promise<RuleGroups> {
  return parse(await readFile(RULES_FILE, 'utf8')) as RuleGroups;
}

export async function readDashboard(): Promise<Dashboard> {
  return JSON.parse(await readFile(DASHBOARD_FILE, 'utf8')) as Dashboard;
}

/** The PrometheusRule that carries rules.yml's groups, unchanged. */
export async function renderPrometheusRule(): Promise<string> {
  const rules = await readRules();
  const manifest = {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: { name: 'travel-orders', labels: labels('monitoring') },
    spec: { groups: rules.groups },
  };
  return (
    '# Rendered from deploy/prometheus/rules.yml (the source; what each alert means: docs/operations.md, Alerts).\n' +
    '# Do not edit here: change rules.yml, then `npm run -s build && node dist/test/support/monitoring.js`.\n' +
    '# Your Prometheus Operator may select rules by a label of its own (kube-prometheus-stack: release=<its name>): add it.\n' +
    stringify(manifest, { lineWidth: 0 })
  );
}

/** The ConfigMap a Grafana dashboard sidecar picks up (label grafana_dashboard), holding the dashboard JSON as is. */
export async function renderDashboardConfigMap(): Promise<string> {
  const json = await readFile(DASHBOARD_FILE, 'utf8');
  const manifest = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'travel-orders-dashboard', labels: { ...labels('monitoring'), grafana_dashboard: '1' } },
    data: { 'travel-orders.json': json },
  };
  return (
    '# Rendered from deploy/grafana/travel-orders.json (the source; its panels: README, Operations > Dashboard).\n' +
    '# Do not edit here: change the JSON, then `npm run -s build && node dist/test/support/monitoring.js`.\n' +
    stringify(manifest, { lineWidth: 0 })
  );
}

/** Every PromQL expression the rules and the dashboard evaluate, each with where it comes from. */
export async function everyExpression(): Promise<Array<{ where: string; expr: string }>> {
  const out: Array<{ where: string; expr: string }> = [];
  for (const g of (await readRules()).groups) {
    for (const r of g.rules) out.push({ where: `rules.yml ${g.name} ${r.record ?? r.alert ?? '?'}`, expr: r.expr });
  }
  const walk = (panels: Panel[]) => {
    for (const p of panels) {
      for (const [i, t] of (p.targets ?? []).entries()) out.push({ where: `dashboard "${p.title}" target ${i + 1}`, expr: t.expr });
      walk(p.panels ?? []);
    }
  };
  walk((await readDashboard()).panels);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await writeFile(PROMETHEUS_RULE_MANIFEST, await renderPrometheusRule());
  await writeFile(DASHBOARD_MANIFEST, await renderDashboardConfigMap());
  process.stdout.write(`wrote ${PROMETHEUS_RULE_MANIFEST} and ${DASHBOARD_MANIFEST}\n`);
}
