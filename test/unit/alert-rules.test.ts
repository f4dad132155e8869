import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { parse, stringify } from 'yaml';
import {
  DASHBOARD_MANIFEST, PROMETHEUS_RULE_MANIFEST, ROOT, RULES_FILE, RULES_TEST_FILE, readRules, renderDashboardConfigMap, renderPrometheusRule,
} from '../support/monitoring.js';

type PromtoolTests = { tests: Array<{ name: string; alert_rule_test?: Array<{ alertname: string; exp_alerts: unknown[] }> }> };

/** Debian's prometheus package installs promtool in /usr/bin. */
function promtool(args: string[], cwd = ROOT) {
  const run = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  if (run.error) throw new Error(`promtool could not run (Debian: apt-get install prometheus): ${run.error.message}`);
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** GitHub's anchor of a Markdown heading. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');

describe('alert rules: promtool check and unit tests, the k8s copies, the runbook', function () {
  this.timeout(120_000);

  it('promtool check rules accepts deploy/prometheus/rules.yml', async () => {
    const { code, out } = promtool(['check', 'rules', RULES_FILE]);
    expect(code, out).to.equal(0);
    const rules = (await readRules()).groups.flatMap((g) => g.rules);
    expect(out).to.include(`SUCCESS: ${rules.length} rules found`);
  });

  it('promtool test rules passes, with a case that fires and one that does not for every alert', async () => {
    const alerts = (await readRules()).groups.flatMap((g) => g.rules).flatMap((r) => (r.alert ? [r.alert] : []));
    const cases = (parse(await readFile(RULES_TEST_FILE, 'utf8')) as PromtoolTests).tests.flatMap((t) => t.alert_rule_test ?? []);
    expect(alerts.filter((a) => !cases.some((c) => c.alertname === a && c.exp_alerts.length > 0)), 'alerts without a firing case').to.deep.equal([]);
    expect(alerts.filter((a) => !cases.some((c) => c.alertname === a && c.exp_alerts.length === 0)), 'alerts without a quiet case').to.deep.equal([]);
    const started = Date.now();
    const { code, out } = promtool(['test', 'rules', RULES_TEST_FILE]);
    expect(code, out).to.equal(0);
    expect(out).to.include('SUCCESS');
    process.stdout.write(`      (${alerts.length} alerts, ${cases.length} promtool cases, ${Date.now() - started} ms)\n`);
  });

  it('promtool test rules fails when an alert no longer fires as its case expects', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'rules-broken-'));
    try {
      // Only the cases of the alert broken here, so this run stays short.
      const all = parse(await readFile(RULES_TEST_FILE, 'utf8')) as PromtoolTests;
      const drift = { ...all, tests: all.tests.filter((t) => (t.alert_rule_test ?? []).some((c) => c.alertname === 'TravelOrdersStockDrift')) };
      expect(drift.tests.length).to.be.greaterThan(0);
      await writeFile(path.join(dir, 'rules.test.yml'), stringify(drift));
      const rules = await readFile(RULES_FILE, 'utf8');
      const broken = rules.replace('expr: max(stock_drift_rows) > 0', 'expr: max(stock_drift_rows) > 1');
      expect(broken).to.not.equal(rules);
      await writeFile(path.join(dir, 'rules.yml'), broken);
      const { code, out } = promtool(['test', 'rules', path.join(dir, 'rules.test.yml')], dir);
      expect(code, out).to.not.equal(0);
      expect(out).to.include('TravelOrdersStockDrift');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('every alert has a severity, a summary and a runbook section that exists, and the README lists it', async () => {
    const operations = await readFile(path.join(ROOT, 'docs/operations.md'), 'utf8');
    const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
    const anchors = new Set(operations.split('\n').filter((l) => l.startsWith('#')).map((l) => anchorOf(l.replace(/^#+/, ''))));
    const problems: string[] = [];
    for (const r of (await readRules()).groups.flatMap((g) => g.rules)) {
      if (!r.alert) continue;
      if (!['page', 'ticket'].includes(r.labels?.['severity'] ?? '')) problems.push(`${r.alert}: severity must be page or ticket`);
      if (!r.annotations?.['summary']) problems.push(`${r.alert}: no summary`);
      const runbook = r.annotations?.['runbook_url'] ?? '';
      const [file, anchor] = runbook.split('#');
      if (file !== 'docs/operations.md' || !anchor || !anchors.has(anchor)) problems.push(`${r.alert}: runbook_url ${runbook} names no heading of docs/operations.md`);
      if (!readme.includes(`\`${r.alert}\``)) problems.push(`${r.alert}: not in the README's alert list`);
    }
    expect(problems).to.deep.equal([]);
  });

  it('k8s/prometheus-rule.yaml and k8s/grafana-dashboard.yaml are what the sources render', async () => {
    expect(await readFile(PROMETHEUS_RULE_MANIFEST, 'utf8'), 'k8s/prometheus-rule.yaml: run node dist/test/support/monitoring.js').to.equal(await renderPrometheusRule());
    expect(await readFile(DASHBOARD_MANIFEST, 'utf8'), 'k8s/grafana-dashboard.yaml: run node dist/test/support/monitoring.js').to.equal(await renderDashboardConfigMap());
    const manifest = parse(await readFile(PROMETHEUS_RULE_MANIFEST, 'utf8'), { version: '1.1' }) as { spec: { groups: unknown } };
    expect(manifest.spec.groups, 'the same groups, read as Kubernetes reads YAML').to.deep.equal((await readRules()).groups);
  });
});
