import { renderSweepCharts, SWEEP_CHART_HEIGHT } from './charts.js';
import type { OpStats } from './protocol.js';

export type Latency = { p50: number; p95: number; p99: number; max: number };

/** correctness: an invariant (fails the run); target: a speed or cost goal (reported MET/MISS); info: a measurement. */
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
  /** µs of CPU (user + system, all replica processes) per accepted request; null for the baselines, which have no replica work. */
  replicaCpuUsPerAccepted: number | null;
  /** µs of mariadbd's CPU per accepted request (null when its PID cannot be read). */
  mariadbCpuUsPerAccepted: number | null;
  checks: Check[];
  samples: string[];
  /** From the replicas' /metrics: leases taken, orders made, and how many orders one lease carried. */
  leases: { leasesAcquired: number; ordersCreated: number; leaseFailures: number; ordersPerLease: number | null };
  /** From the replicas' /metrics: booking transactions, and bookings and items (leases) one of them carried. */
  batches: Batches;
  extra?: Record<string, unknown>;
};

export type Batches = { transactions: number; bookingsPerTransaction: number | null; itemsPerTransaction: number | null; conflicts: number };

/** One point of the sweep: a scenario at a replica count and a number of clients. */
export type SweepPoint = {
  scenario: string;
  replicas: number;
  concurrency: number;
  wallSeconds: number;
  accepted: number;
  acceptedPerSecond: number;
  latencyMs: Latency;
  replicaCpuUsPerAccepted: number | null;
  mariadbCpuUsPerAccepted: number | null;
  codes: Record<string, number>;
  oversell: number;
  leaks: number;
  cpu: Record<string, number | null>;
  batches: Batches;
  checks: Check[];
};

/** Where the SVG marks a scenario's targets. */
export type TargetMarks = Record<string, { p99Ms?: number; replicaCpuUsPerAccepted?: number }>;

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

export const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
const pct = (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v.toFixed(0)}%`);
export const us = (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(0));

export function tableRows(reports: ScenarioReport[]): string[][] {
  const head = ['scenario', 'accepted/s', 'p50 ms', 'p95 ms', 'p99 ms', 'responses', 'oversell', 'leaks', 'vs baseline', 'replica µs/acc', 'loadgen cpu', 'replicas cpu', 'mariadb cpu', 'machine'];
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
    us(r.replicaCpuUsPerAccepted),
    pct(r.cpu['loadgen']),
    pct(r.cpu['replicas']),
    pct(r.cpu['mariadb']),
    pct(r.cpu['machine']),
  ]);
  return [head, ...rows];
}

export function sweepTableRows(points: SweepPoint[]): string[][] {
  const head = ['scenario', 'replicas', 'clients', 'accepted/s', 'p50 ms', 'p99 ms', 'replica µs/acc', 'responses', 'oversell', 'leaks'];
  const rows = points.map((p) => [
    p.scenario,
    String(p.replicas),
    String(p.concurrency),
    p.acceptedPerSecond.toFixed(0),
    ms(p.latencyMs.p50),
    ms(p.latencyMs.p99),
    us(p.replicaCpuUsPerAccepted),
    shortCodes(p.codes),
    String(p.oversell),
    String(p.leaks),
  ]);
  return [head, ...rows];
}

/** Columns left-aligned in both renderings: the names and the responses. */
const TEXT_COLUMNS = new Set(['scenario', 'responses']);

/** A plain-text table for the terminal. */
export function renderTable(rows: string[][]): string {
  const [head, ...body] = rows as [string[], ...string[][]];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => r.map((c, i) => (TEXT_COLUMNS.has(head[i] as string) ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

/** The same table as Markdown, for the README's benchmark section. */
export function renderMarkdownTable(rows: string[][]): string {
  const [head, ...body] = rows as [string[], ...string[][]];
  const align = head.map((h) => (TEXT_COLUMNS.has(h) ? '---' : '---:'));
  return [head, align, ...body].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** PASS/FAIL for invariants, MET/MISS for targets, INFO for measurements. */
export function verdict(c: Check): string {
  if (c.kind === 'info') return 'INFO';
  if (c.kind === 'target') return c.ok ? 'MET ' : 'MISS';
  return c.ok ? 'PASS' : 'FAIL';
}

export function renderChecks(groups: Array<{ name: string; checks: Check[] }>): string {
  return groups.flatMap((g) => g.checks.map((c) => `${verdict(c)}  ${g.name}: ${c.name} — ${c.detail}`)).join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A panel's full scale: its largest value, or 5× the median where one value dwarfs the rest (the sellout's p99, the
 * payments' CPU per paid order), so the others and the target marks stay readable. The marks always fit.
 */
function scaleOf(values: Array<number | null>, marks: number[]): number {
  const known = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const median = known.length > 0 ? (known[Math.floor(known.length / 2)] as number) : 0;
  const largest = known.length > 0 ? (known[known.length - 1] as number) : 0;
  return Math.max(1, ...marks, median > 0 ? Math.min(largest, 5 * median) : largest);
}

/**
 * Three bar panels per scenario: accepted/s, p99 latency and replica CPU per accepted booking, dashed red ticks
 * marking the targets; below them, when the sweep ran, its line charts.
 */
export function renderSvg(reports: ScenarioReport[], subtitle: string, { marks = {}, sweep = [], sweepTitle = '', p99Target }: { marks?: TargetMarks; sweep?: SweepPoint[]; sweepTitle?: string; p99Target?: { value: number; label: string } } = {}): string {
  const rowH = 30;
  const top = 70;
  const labelW = 150;
  const panelW = 260;
  const gap = 60;
  const width = labelW + panelW * 3 + gap * 2 + 60;
  const barsBottom = top + reports.length * rowH;
  const sweepTop = barsBottom + 70;
  const height = sweep.length > 0 ? sweepTop + SWEEP_CHART_HEIGHT + 16 : barsBottom + 40;
  const maxRate = Math.max(1, ...reports.map((r) => r.acceptedPerSecond));
  const maxP99 = scaleOf(reports.map((r) => r.latencyMs.p99), Object.values(marks).map((m) => m.p99Ms ?? 0));
  const maxCpu = scaleOf(reports.map((r) => r.replicaCpuUsPerAccepted), Object.values(marks).map((m) => m.replicaCpuUsPerAccepted ?? 0));
  const rateX = labelW;
  const p99X = labelW + panelW + gap;
  const cpuX = p99X + panelW + gap;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="12" y="22" font-size="16" font-weight="bold">travel-orders benchmark</text>`,
    `<text x="12" y="40" fill="#555">${esc(subtitle)}</text>`,
    `<text x="${rateX}" y="${top - 10}" font-weight="bold">accepted per second</text>`,
    `<text x="${p99X}" y="${top - 10}" font-weight="bold">p99 latency (ms)</text>`,
    `<text x="${cpuX}" y="${top - 10}" font-weight="bold">replica CPU per accepted (µs)</text>`,
  ];
  // A bar beyond the panel's scale is cut at its edge, with a break mark; its label keeps the true value.
  const bar = (x: number, y: number, value: number, scale: number, fill: string) => {
    const w = (Math.min(value, scale) / scale) * panelW;
    const cut = value > scale ? `<path d="M${(x + w - 14).toFixed(1)},${y + 25} l6,-20 M${(x + w - 8).toFixed(1)},${y + 25} l6,-20" stroke="#fff" stroke-width="2"/>` : '';
    return { svg: `<rect x="${x}" y="${y + 5}" width="${w.toFixed(1)}" height="${rowH - 10}" fill="${fill}"/>${cut}`, end: x + w };
  };
  const targetTick = (x: number, y: number) => `<line x1="${x.toFixed(1)}" y1="${y + 2}" x2="${x.toFixed(1)}" y2="${y + rowH - 2}" stroke="#d62728" stroke-width="2" stroke-dasharray="3,2"/>`;
  // Value labels go over the target ticks, haloed, so both stay readable.
  const label = (x: number, y: number, text: string) => `<text x="${x.toFixed(1)}" y="${y + 19}" stroke="#fff" stroke-width="3" paint-order="stroke">${esc(text)}</text>`;
  reports.forEach((r, i) => {
    const y = top + i * rowH;
    const isBaseline = r.name.startsWith('baseline');
    const failed = r.checks.some((c) => !c.ok && c.kind === 'correctness');
    parts.push(`<text x="${labelW - 8}" y="${y + 18}" text-anchor="end"${failed ? ' fill="#b00020"' : ''}>${esc(r.name)}${failed ? ' ✗' : ''}</text>`);
    const rw = (r.acceptedPerSecond / maxRate) * panelW;
    parts.push(`<rect x="${rateX}" y="${y + 5}" width="${rw.toFixed(1)}" height="${rowH - 10}" fill="${isBaseline ? '#9e9e9e' : '#1f77b4'}"/>`);
    if (r.baseline && r.baseline.ratio !== null) {
      // Where the target throughput lies: target × the baseline's rate.
      const base = reports.find((b) => b.name === r.baseline?.scenario);
      if (base) parts.push(targetTick(rateX + ((base.acceptedPerSecond * r.baseline.target) / maxRate) * panelW, y));
    }
    parts.push(label(rateX + rw + 4, y, r.acceptedPerSecond.toFixed(0)));
    const p99Bar = bar(p99X, y, r.latencyMs.p99, maxP99, isBaseline ? '#bdbdbd' : '#ff7f0e');
    parts.push(p99Bar.svg);
    const p99Mark = marks[r.name]?.p99Ms;
    if (p99Mark !== undefined) parts.push(targetTick(p99X + (p99Mark / maxP99) * panelW, y));
    parts.push(label(p99Bar.end + 4, y, ms(r.latencyMs.p99)));
    if (r.replicaCpuUsPerAccepted !== null) {
      const cpuBar = bar(cpuX, y, r.replicaCpuUsPerAccepted, maxCpu, '#2ca02c');
      parts.push(cpuBar.svg);
      const cpuMark = marks[r.name]?.replicaCpuUsPerAccepted;
      if (cpuMark !== undefined) parts.push(targetTick(cpuX + (cpuMark / maxCpu) * panelW, y));
      parts.push(label(cpuBar.end + 4, y, us(r.replicaCpuUsPerAccepted)));
    } else {
      parts.push(`<text x="${cpuX + 4}" y="${y + 19}" fill="#888">-</text>`);
    }
  });
  parts.push(`<text x="12" y="${barsBottom + 22}" fill="#555">grey: database alone (mysql2, no HTTP, no lease, no replica work); dashed red: target; ✗: a check failed; a bar with a break runs past its panel</text>`);
  if (sweep.length > 0) {
    parts.push(`<text x="12" y="${sweepTop - 20}" font-size="14" font-weight="bold">${esc(sweepTitle)}</text>`);
    const charts = renderSweepCharts(sweep, { x: 12, y: sweepTop, width: width - 24 }, p99Target);
    parts.push(...charts.parts);
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
