import { expect } from 'chai';
import { call, contact, expectStockMatchesOrders, newUser, range, tokenFor } from '../support/harness.js';
import { useCluster } from '../support/cluster.js';
import { everyExpression, readRules, RULES_FILE } from '../support/monitoring.js';
import { newTxnId, payIntent, sendCallback } from '../support/payments.js';
import { startPrometheus, usesOf, type PrometheusProcess } from '../support/prometheus.js';
import { sleep, waitFor } from '../faults/fault-kit.js';

const JOB = 'travel-orders';
type Series = Array<Record<string, string>>;

/** Grafana's interval variables, as Grafana would fill them for a 1 s scrape. */
const asGrafanaSends = (expr: string) => expr.replaceAll('$__rate_interval', '1m').replaceAll('$__interval', '15s');

/**
 * Everything wrong with one expression against a live Prometheus: it does not evaluate, names a metric that no
 * scraped (or recorded) series has, matches on a label that metric's series lack, or groups by a label none of its
 * metrics carry. An expression whose result is merely empty (no 5xx yet) passes only if every name in it is real.
 */
async function problemsOf(prom: PrometheusProcess, expr: string, recorded: ReadonlySet<string>): Promise<string[]> {
  const problems: string[] = [];
  const use = usesOf(expr);
  problems.push(...use.errors);
  await prom.api('query', { query: expr }).catch((err: Error) => problems.push(`does not evaluate: ${err.message}`));
  const labelsOf = new Map<string, Set<string>>();
  for (const { metric, labels } of use.selectors) {
    if (!metric) {
      problems.push('a selector without a metric name');
      continue;
    }
    const series = await prom.api<Series>('series', { 'match[]': `{__name__=${JSON.stringify(metric)}}` });
    if (series.length === 0) {
      problems.push(recorded.has(metric) ? `recorded series ${metric} has no value yet` : `unknown metric ${metric}`);
      continue;
    }
    const names = new Set(series.flatMap((s) => Object.keys(s)));
    labelsOf.set(metric, names);
    for (const label of labels) if (!names.has(label)) problems.push(`${metric} has no label ${label} (it has ${[...names].sort().join(', ')})`);
  }
  const everyLabel = new Set([...labelsOf.values()].flatMap((s) => [...s]));
  for (const label of use.groupingLabels) if (!everyLabel.has(label)) problems.push(`groups by ${label}, which none of its metrics has`);
  return problems;
}

describe('monitoring: every rule and dashboard expression against a real Prometheus scraping a replica under a little load', function () {
  this.timeout(180_000);
  const cluster = useCluster({ replicas: 1 });
  let prom: PrometheusProcess | undefined;
  after(async () => prom?.stop());

  /** Bookings (some sold out), a payment and a cancellation: the label values the panels group by. */
  async function littleLoad(round: number) {
    const url = cluster.urls[0] as string;
    const route = await cluster.cat.aRoute({ groupSize: 3 });
    const token = await tokenFor(newUser(`monitored-${round}`));
    const book = () => call(url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } });
    const answers = await Promise.all(range(5).map(book));
    const [paid, cancelled] = answers.filter((a) => a.status === 201);
    if (paid) {
      const intent = await payIntent(url, token, paid.body.orderSn);
      await sendCallback(url, { paymentId: intent.body.paymentId, orderSn: paid.body.orderSn, providerTxnId: newTxnId(), amountCents: paid.body.totalCents, status: 'succeeded' });
    }
    if (cancelled) await call(url, 'POST', `/api/v1/orders/${cancelled.body.orderSn}/cancel`, { token });
    await call(url, 'GET', `/api/v1/routes/${route.id}`);
    return answers.map((a) => a.status);
  }

  it('each expression evaluates, and every metric and label it names exists in the scraped or recorded series; a wrong name is caught', async () => {
    const statuses = await littleLoad(1);
    expect(statuses.filter((s) => s === 201)).to.have.length(3);
    expect(statuses.filter((s) => s === 409)).to.have.length(2);
    prom = await startPrometheus({ targets: cluster.urls, job: JOB, ruleFiles: [RULES_FILE] });
    const p = prom;
    const scraped = await waitFor(async () => ((await p.api<{ result: unknown[] }>('query', { query: `up{job="${JOB}"} == 1` })).result.length === 1 ? true : undefined), { tries: 100, everyMs: 100 });
    expect(scraped, 'Prometheus scrapes the replica').to.equal(true);
    // Traffic between scrapes, so every rate over it has two samples to work with.
    for (const round of [2, 3]) {
      await sleep(1500);
      await littleLoad(round);
    }
    const rules = (await readRules()).groups.flatMap((g) => g.rules);
    const recorded = new Set(rules.flatMap((r) => (r.record ? [r.record] : [])));
    // The recording rules' series, once each has been evaluated over the load.
    const allRecorded = await waitFor(
      async () => {
        for (const name of recorded) if ((await p.api<Series>('series', { 'match[]': `{__name__="${name}"}` })).length === 0) return undefined;
        return true;
      },
      { tries: 100, everyMs: 200 },
    );
    expect(allRecorded, 'every recording rule has produced its series').to.equal(true);

    const expressions = await everyExpression();
    const problems: string[] = [];
    let selectors = 0;
    for (const { where, expr } of expressions) {
      const sent = asGrafanaSends(expr);
      selectors += usesOf(sent).selectors.length;
      for (const problem of await problemsOf(p, sent, recorded)) problems.push(`${where}: ${problem}`);
    }
    const metrics = new Set(expressions.flatMap((e) => usesOf(asGrafanaSends(e.expr)).selectors.map((s) => s.metric)));
    process.stdout.write(`      (${expressions.length} expressions (${rules.length} rules, ${expressions.length - rules.length} dashboard targets), ${selectors} selectors over ${metrics.size} metrics, checked against Prometheus)\n`);
    expect(problems).to.deep.equal([]);
    expect(expressions.length - rules.length, 'dashboard targets').to.be.greaterThan(20);

    // The check itself fails on the mistakes it exists for.
    const wrong = {
      'rate(http_request_duration_seconds_cnt[1m])': 'unknown metric http_request_duration_seconds_cnt',
      'sum(rate(http_request_duration_seconds_count{statuscode=~"5.."}[1m]))': 'has no label statuscode',
      'sum by (rout) (rate(http_request_duration_seconds_count[1m]))': 'groups by rout',
      'max(travel_orders:availability_errors:ratio_rate7m)': 'unknown metric travel_orders:availability_errors:ratio_rate7m',
      'sum(rate(http_request_duration_seconds_count[1m]) by (route)': 'syntax error',
    };
    for (const [expr, expected] of Object.entries(wrong)) {
      const found = await problemsOf(p, expr, recorded);
      expect(found.join('; '), expr).to.include(expected);
    }
    await expectStockMatchesOrders();
  });
});
