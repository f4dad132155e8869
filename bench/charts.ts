import type { SweepPoint } from './report.js';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const SWEEP_CHART_HEIGHT = 200;

/** One colour per replica count, none of them the red of the target marks. */
const COLOURS = ['#9467bd', '#2ca02c', '#1f77b4', '#8c564b', '#e377c2', '#17becf'];

/** A round step (1, 2, 2.5 or 5 times a power of ten) that splits [0, v] into at most 5 parts, and the axis top it gives. */
function axis(v: number): { step: number; max: number } {
  const raw = Math.max(v, 1) / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * p >= raw) ?? 10) * p;
  return { step, max: Math.ceil(Math.max(v, 1) / step) * step };
}

const tick = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(v % 1000 === 0 ? 0 : 1)}k` : v >= 10 || v === 0 ? v.toFixed(0) : v.toFixed(1));

type Series = { replicas: number; points: Array<{ clients: number; value: number; failed: boolean }> };

type Chart = { x: number; y: number; w: number; h: number; title: string; series: Series[]; clients: number[]; target?: { value: number; label: string } };

/** A line chart: clients on a log axis (16, 64, 256 fall evenly), one labelled line per replica count. */
function lineChart(c: Chart): string[] {
  const left = c.x + 44;
  const right = c.x + c.w - 70;
  const top = c.y + 26;
  const bottom = c.y + c.h - 34;
  const values = c.series.flatMap((s) => s.points.map((p) => p.value));
  const { step, max: yMax } = axis(Math.max(...values, c.target ? c.target.value * 1.1 : 0) * 1.05);
  const [lo, hi] = [Math.min(...c.clients), Math.max(...c.clients)];
  const xOf = (clients: number) => (hi === lo ? (left + right) / 2 : left + ((Math.log(clients) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (right - left));
  const yOf = (v: number) => bottom - (v / yMax) * (bottom - top);
  const out: string[] = [`<text x="${c.x + 4}" y="${c.y + 14}"><tspan font-weight="bold">${esc(c.title)}</tspan>${c.target ? `<tspan dx="8" font-size="10" fill="#d62728">- - ${esc(c.target.label)}</tspan>` : ''}</text>`];
  for (let i = 0; i * step <= yMax + step / 1000; i += 1) {
    const v = i * step;
    const y = yOf(v).toFixed(1);
    out.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#e0e0e0"/>`);
    out.push(`<text x="${left - 4}" y="${(yOf(v) + 4).toFixed(1)}" text-anchor="end" font-size="10" fill="#555">${tick(v)}</text>`);
  }
  out.push(`<line x1="${left}" y1="${bottom}" x2="${right}" y2="${bottom}" stroke="#555"/>`);
  for (const clients of c.clients) {
    const x = xOf(clients).toFixed(1);
    out.push(`<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 4}" stroke="#555"/>`);
    out.push(`<text x="${x}" y="${bottom + 15}" text-anchor="middle" font-size="10" fill="#555">${clients}</text>`);
  }
  out.push(`<text x="${((left + right) / 2).toFixed(1)}" y="${bottom + 28}" text-anchor="middle" font-size="10" fill="#555">clients</text>`);
  if (c.target) {
    const y = yOf(c.target.value).toFixed(1);
    out.push(`<line x1="${left}" y1="${y}" x2="${right}" y2="${y}" stroke="#d62728" stroke-width="1.5" stroke-dasharray="4,3"/>`);
  }
  // Labels at the lines' right ends, pushed apart where the ends lie close together.
  const ends: Array<{ y: number; text: string; colour: string }> = [];
  for (const s of c.series) {
    const colour = COLOURS[(s.replicas - 1) % COLOURS.length] as string;
    const pts = [...s.points].sort((a, b) => a.clients - b.clients);
    if (pts.length === 0) continue;
    out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.map((p) => `${xOf(p.clients).toFixed(1)},${yOf(p.value).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) {
      out.push(`<circle cx="${xOf(p.clients).toFixed(1)}" cy="${yOf(p.value).toFixed(1)}" r="3" fill="${colour}"${p.failed ? ' stroke="#b00020" stroke-width="3"' : ''}/>`);
    }
    const last = pts[pts.length - 1] as (typeof pts)[number];
    ends.push({ y: yOf(last.value), text: `${s.replicas} replica${s.replicas === 1 ? '' : 's'}`, colour });
  }
  ends.sort((a, b) => a.y - b.y);
  for (let i = 1; i < ends.length; i += 1) {
    const prev = ends[i - 1] as (typeof ends)[number];
    const cur = ends[i] as (typeof ends)[number];
    if (cur.y - prev.y < 12) cur.y = prev.y + 12;
  }
  for (const e of ends) out.push(`<text x="${right + 6}" y="${(e.y + 4).toFixed(1)}" font-size="10" fill="${e.colour}">${esc(e.text)}</text>`);
  return out;
}

/**
 * For each scenario of the sweep, accepted/s and p99 against the number of clients, side by side in one row;
 * `p99Target` draws a dashed line on the p99 charts. A point ringed in red failed an invariant check.
 */
export function renderSweepCharts(points: SweepPoint[], at: { x: number; y: number; width: number }, p99Target?: { value: number; label: string }): { parts: string[]; height: number } {
  const scenarios = [...new Set(points.map((p) => p.scenario))];
  const clients = [...new Set(points.map((p) => p.concurrency))].sort((a, b) => a - b);
  const replicaCounts = [...new Set(points.map((p) => p.replicas))].sort((a, b) => a - b);
  const charts = scenarios.flatMap((scenario) => [
    { scenario, title: `${scenario}: accepted/s`, value: (p: SweepPoint) => p.acceptedPerSecond, target: undefined },
    { scenario, title: `${scenario}: p99 ms`, value: (p: SweepPoint) => p.latencyMs.p99, target: p99Target },
  ]);
  const w = Math.floor(at.width / Math.max(1, charts.length));
  const h = SWEEP_CHART_HEIGHT;
  const parts: string[] = [];
  charts.forEach((chart, i) => {
    const series: Series[] = replicaCounts.map((replicas) => ({
      replicas,
      points: points
        .filter((p) => p.scenario === chart.scenario && p.replicas === replicas)
        .map((p) => ({ clients: p.concurrency, value: chart.value(p), failed: p.checks.some((c) => !c.ok && c.kind === 'correctness') })),
    }));
    parts.push(...lineChart({ x: at.x + i * w, y: at.y, w, h, title: chart.title, series, clients, ...(chart.target ? { target: chart.target } : {}) }));
  });
  return { parts, height: h };
}
