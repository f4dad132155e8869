import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parser } from '@prometheus-io/lezer-promql';
import { freePort, track, waitExit } from '../../src/cluster/processes.js';

export type PrometheusProcess = {
  url: string;
  pid: number;
  /** GET on the HTTP API; throws unless Prometheus answers `status: success`. */
  api<T>(endpoint: string, params: Record<string, string | string[]>): Promise<T>;
  stop(): Promise<void>;
};

/**
 * A real Prometheus (Debian's package) on a free loopback port, with its own temporary storage, scraping `targets`
 * as job `job` every second and evaluating `ruleFiles` every second; stopped by its PID.
 */
export async function startPrometheus({ targets, job, ruleFiles = [] }: { targets: readonly string[]; job: string; ruleFiles?: readonly string[] }): Promise<PrometheusProcess> {
  const port = await freePort();
  const dir = await mkdtemp(path.join(tmpdir(), 'travel-orders-prometheus-'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 900ms',
    '  evaluation_interval: 1s',
    'rule_files:',
    ...ruleFiles.map((f) => `  - ${JSON.stringify(f)}`),
    'scrape_configs:',
    `  - job_name: ${JSON.stringify(job)}`,
    '    static_configs:',
    `      - targets: ${JSON.stringify(targets.map((t) => new URL(t).host))}`,
  ].join('\n');
  await writeFile(path.join(dir, 'prometheus.yml'), `${config}\n`);
  const child = spawn(
    'prometheus',
    [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  track(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await waitExit(child, 5000);
    }
    await rm(dir, { recursive: true, force: true });
  };
  for (let i = 0; ; i += 1) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus exited at start (${child.exitCode}): ${out}`);
    }
    const ready = await fetch(`${url}/-/ready`).then((r) => r.status === 200, () => false);
    if (ready) break;
    if (i >= 300) {
      await stop();
      throw new Error(`prometheus did not become ready: ${out}`);
    }
    await sleep(100);
  }
  return {
    url,
    pid: child.pid ?? -1,
    async api<T>(endpoint: string, params: Record<string, string | string[]>): Promise<T> {
      const q = new URLSearchParams();
      for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) q.append(k, one);
      const res = await fetch(`${url}/api/v1/${endpoint}?${q.toString()}`);
      const body = (await res.json()) as { status: string; data: T; error?: string; errorType?: string };
      if (body.status !== 'success') throw new Error(`${endpoint} ${JSON.stringify(params)}: ${body.errorType ?? ''} ${body.error ?? res.status}`);
      return body.data;
    },
    stop,
  };
}

/** What an expression reads: each selector's metric name and the labels it matches on, and every grouping label. */
export type ExpressionUse = { selectors: Array<{ metric: string; labels: string[] }>; groupingLabels: string[]; errors: string[] };

/** Parses PromQL with Prometheus' own grammar (@prometheus-io/lezer-promql) and lists what it reads. */
export function usesOf(expr: string): ExpressionUse {
  const tree = parser.parse(expr);
  const text = (from: number, to: number) => expr.slice(from, to);
  const use: ExpressionUse = { selectors: [], groupingLabels: [], errors: [] };
  const cursor = tree.cursor();
  do {
    const node = cursor.node;
    if (node.type.isError) use.errors.push(`syntax error at ${node.from}: "${text(node.from, Math.max(node.to, node.from + 10))}"`);
    if (node.name === 'VectorSelector') {
      let metric = '';
      const labels: string[] = [];
      const inner = node.cursor();
      inner.firstChild();
      do {
        if (inner.name === 'Identifier' && metric === '') metric = text(inner.from, inner.to);
        if (inner.name === 'LabelMatchers') {
          const m = inner.node.cursor();
          m.iterate((n) => {
            if (n.name === 'LabelName') labels.push(text(n.from, n.to));
          });
        }
      } while (inner.nextSibling());
      use.selectors.push({ metric, labels });
    }
    if (node.name === 'GroupingLabels') {
      node.cursor().iterate((n) => {
        if (n.name === 'LabelName') use.groupingLabels.push(text(n.from, n.to));
      });
    }
  } while (cursor.next());
  return use;
}
