import type { OpStats } from './protocol.js';

export type Latency = { p50: number; p95: number; p99: number; max: number };

/** correctness: an invariant (fails the run); target: a throughput goal (reported); info: a measurement. */
export type Check = { name: string; ok: boolean; kind: 'correctness' | 'target' | 'info'; detail: string };

export type ScenarioReport = {
  name: string;
  description: string;
  clients: number;
  wallSeconds: number;
  /** Requests of the scenario's primary operation (retries included). */
  requests: number;
  accepted: number;
  acceptedPerSecond: number;
  latencyMs: Latency;
  /** Responses of the primary operation by status and error code. */
  codes: Record<string, number>;
  ops: Record<string, { count: number; latencyMs: Latency; codes: Record<string, number> }>;
  oversell: number;
  leaks: number;
  baseline?: { scenario: string; ratio: number | null; target: number };
  cpu: Record<string, number | null>;
  checks: Check[];
  samples: string[];
  /** From the replicas' /metrics: leases taken, orders made, and how many orders one lease carried. */
  leases: { leasesAcquired: number; ordersCreated: number; leaseFailures: number; ordersPerLease: number | null };
  extra?: Record<string, unknown>;
};

export function percentiles(values: number[]): Latency {
  if (values.length === 0) return { p50: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  // Nearest-rank percentile.
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1] as number };
}

export function mergeOps(all: Array<Record<string, OpStats>>): Record<string, OpStats> {
  const out: Record<string, OpStats> = {};
  for (const ops of all) {
    for (const [name, s] of Object.entries(ops)) {
      const m = (out[name] ??= { latenciesMs: [], codes: {} });
      for (const v of s.latenciesMs) m.latenciesMs.push(v);
      for (const [c, n] of Object.entries(s.codes)) m.codes[c] = (m.codes[c] ?? 0) + n;
    }
  }
  return out;
}

/** "201:3120 409:2 503:14": statuses only; the JSON keeps the error codes. */
function shortCodes(codes: Record<string, number>): string {
  const byStatus = new Map<string, number>();
  for (const [k, n] of Object.entries(codes)) {
    const status = k.startsWith('ERR') ? 'ERR' : (k.split(' ')[0] as string);
    byStatus.set(status, (byStatus.get(status) ?? 0) + n);
  }
  return [...byStatus.entries()].sort((a, b) => b[1] - a[1]).map(([s, n]) => `${s}:${n}`).join(' ');
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v.toFixed(0)}%`);

export function tableRows(reports: ScenarioReport[]): string[][] {
  const head = ['scenario', 'accepted/s', 'p50 ms', 'p95 ms', 'p99 ms', 'responses', 'oversell', 'leaks', 'vs baseline', 'loadgen cpu', 'replicas cpu', 'mariadb cpu', 'machine'];
  const rows = reports.map((r) => [
    r.name,
    r.acceptedPerSecond.toFixed(0),
    ms(r.latencyMs.p50),
    ms(r.latencyMs.p95),
    ms(r.latencyMs.p99),
    shortCodes(r.codes),
    String(r.oversell),
    String(r.leaks),
    r.baseline ? (r.baseline.ratio === null ? '-' : `${r.baseline.ratio.toFixed(2)}x`) : '',
    pct(r.cpu['loadgen']),
    pct(r.cpu['replicas']),
    pct(r.cpu['mariadb']),
    pct(r.cpu['machine']),
  ]);
  return [head, ...rows];
}

/** A plain-text table for the terminal. */
export function renderTable(reports: ScenarioReport[]): string {
  const rows = tableRows(reports);
  const widths = (rows[0] as string[]).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  const [head, ...body] = rows as [string[], ...string[][]];
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The same table as Markdown, for the README's benchmark section. */
export function renderMarkdownTable(reports: ScenarioReport[]): string {
  const rows = tableRows(reports);
  const [head, ...body] = rows as [string[], ...string[][]];
  const align = head.map((_, i) => (i === 0 || i === 5 ? '---' : '---:'));
  return [head, align, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

export function renderChecks(reports: ScenarioReport[]): string {
  return reports
    .flatMap((r) => r.checks.map((c) => `${c.kind === 'info' ? 'INFO' : c.ok ? 'PASS' : c.kind === 'target' ? 'MISS' : 'FAIL'}  ${r.name}: ${c.name} — ${c.detail}`))
    .join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Two bar panels, accepted/s and p99 latency per scenario; dashed ticks mark the throughput targets. */
export function renderSvg(reports: ScenarioReport[], subtitle: string): string {
  const rowH = 30;
  const top = 70;
  const labelW = 150;
  const panelW = 300;
  const gap = 60;
  const width = labelW + panelW * 2 + gap + 40;
  const height = top + reports.length * rowH + 40;
  const maxRate = Math.max(1, ...reports.map((r) => r.acceptedPerSecond));
  const maxP99 = Math.max(1, ...reports.map((r) => r.latencyMs.p99));
  const rateX = labelW;
  const p99X = labelW + panelW + gap;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="16" font-weight="bold">travel-orders benchmark</text>`,
    `<text x="12" y="40" fill="#555">${esc(subtitle)}</text>`,
    `<text x="${rateX}" y="${top - 10}" font-weight="bold">accepted per second</text>`,
    `<text x="${p99X}" y="${top - 10}" font-weight="bold">p99 latency (ms)</text>`,
  ];
  reports.forEach((r, i) => {
    const y = top + i * rowH;
    const isBaseline = r.name.startsWith('baseline');
    const failed = r.checks.some((c) => !c.ok && c.kind === 'correctness');
    parts.push(`<text x="${labelW - 8}" y="${y + 18}" text-anchor="end"${failed ? ' fill="#b00020"' : ''}>${esc(r.name)}${failed ? ' ✗' : ''}</text>`);
    const rw = (r.acceptedPerSecond / maxRate) * panelW;
    parts.push(`<rect x="${rateX}" y="${y + 5}" width="${rw.toFixed(1)}" height="${rowH - 10}" fill="${isBaseline ? '#9e9e9e' : '#1f77b4'}"/>`);
    const rateLabel = `<text x="${(rateX + rw + 4).toFixed(1)}" y="${y + 19}" stroke="#fff" stroke-width="3" paint-order="stroke">${r.acceptedPerSecond.toFixed(0)}</text>`;
    if (r.baseline && r.baseline.ratio !== null) {
      // Where the target throughput lies: target × the baseline's rate.
      const base = reports.find((b) => b.name === r.baseline?.scenario);
      if (base) {
        const tx = rateX + ((base.acceptedPerSecond * r.baseline.target) / maxRate) * panelW;
        parts.push(`<line x1="${tx.toFixed(1)}" y1="${y + 2}" x2="${tx.toFixed(1)}" y2="${y + rowH - 2}" stroke="#d62728" stroke-width="2" stroke-dasharray="3,2"/>`);
      }
    }
    // The value label goes over the target tick, haloed, so both stay readable.
    parts.push(rateLabel);
    const pw = (r.latencyMs.p99 / maxP99) * panelW;
    parts.push(`<rect x="${p99X}" y="${y + 5}" width="${pw.toFixed(1)}" height="${rowH - 10}" fill="${isBaseline ? '#bdbdbd' : '#ff7f0e'}"/>`);
    parts.push(`<text x="${(p99X + pw + 4).toFixed(1)}" y="${y + 19}">${ms(r.latencyMs.p99)}</text>`);
  });
  const foot = top + reports.length * rowH + 22;
  parts.push(`<text x="12" y="${foot}" fill="#555">grey: database alone (mysql2, no HTTP, no lease); dashed red: throughput target (× baseline); ✗: a check failed</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
