import type { Check, ScenarioReport, SweepPoint, TargetMarks } from './report.js';
import { us } from './report.js';

/** The goals a run is held to; a missed one is reported (MISS) and never changes the exit status. */
export const TARGETS = {
  /** hot accepted/s over baseline-1row's. */
  hot: 2,
  /** spread accepted/s over baseline-1000rows'. */
  spread: 0.8,
  /** µs of replica CPU per accepted booking in spread. */
  spreadReplicaCpuUs: 350,
  /** hot accepted/s with 3 replicas over hot with 1, both at 64 clients (from the sweep). */
  hotThreeVsOneReplica: 1,
  /** p99 of hot and of spread at 64 clients, ms. */
  p99MsAt64Clients: 50,
  /** p99 of hotel, ms: half of the 277 ms it had when these targets were set. */
  hotelP99Ms: 138.5,
} as const;

const P99_CLIENTS = 64;

/** The JSON's `targets`: the first two names are those of earlier results. */
export function targetsJson() {
  return {
    hotVsOneRowBaseline: TARGETS.hot,
    spreadVs1000RowBaseline: TARGETS.spread,
    spreadReplicaCpuUsPerAccepted: TARGETS.spreadReplicaCpuUs,
    hotThreeVsOneReplicaAt64Clients: TARGETS.hotThreeVsOneReplica,
    hotP99MsAt64Clients: TARGETS.p99MsAt64Clients,
    spreadP99MsAt64Clients: TARGETS.p99MsAt64Clients,
    hotelP99Ms: TARGETS.hotelP99Ms,
    oversell: 0,
    leaks: 0,
  };
}

const rate = (v: number) => `${v.toFixed(0)}/s`;
const msText = (v: number) => `${v.toFixed(1)} ms`;

/**
 * Adds the target and comparison checks to the scenarios they concern and returns those that come from the sweep,
 * with where the SVG should mark each target. `concurrency` and `replicas` are the main scenarios' settings.
 */
export function judge(reports: ScenarioReport[], sweep: SweepPoint[], { concurrency, replicas }: { concurrency: number; replicas: number }): { sweepChecks: Check[]; marks: TargetMarks } {
  const byName = (name: string) => reports.find((r) => r.name === name);
  const sweepChecks: Check[] = [];
  const marks: TargetMarks = {};
  const mark = (name: string, m: TargetMarks[string]) => (marks[name] = { ...marks[name], ...m });

  // Ratios to the database's own ceiling.
  for (const [scenario, base] of [['hot', 'baseline-1row'], ['spread', 'baseline-1000rows']] as const) {
    const r = byName(scenario);
    if (!r) continue;
    const b = byName(base);
    const ratio = b && b.acceptedPerSecond > 0 ? r.acceptedPerSecond / b.acceptedPerSecond : null;
    r.baseline = { scenario: base, ratio, target: TARGETS[scenario] };
    if (b && ratio !== null) {
      r.checks.push({ name: `throughput ≥ ${TARGETS[scenario]}× ${base}`, ok: ratio >= TARGETS[scenario], kind: 'target', detail: `${rate(r.acceptedPerSecond)} vs ${rate(b.acceptedPerSecond)} = ${ratio.toFixed(2)}×` });
    }
  }

  const spread = byName('spread');
  if (spread && spread.replicaCpuUsPerAccepted !== null) {
    const v = spread.replicaCpuUsPerAccepted;
    spread.checks.push({ name: `replica CPU ≤ ${TARGETS.spreadReplicaCpuUs} µs per accepted booking`, ok: v <= TARGETS.spreadReplicaCpuUs, kind: 'target', detail: `${us(v)} µs (${spread.accepted} accepted)` });
    mark('spread', { replicaCpuUsPerAccepted: TARGETS.spreadReplicaCpuUs });
  }

  // p99 at 64 clients: the main scenarios when they ran at 64, else the sweep's point at the run's replica count.
  for (const scenario of ['hot', 'spread'] as const) {
    const name = `p99 ≤ ${TARGETS.p99MsAt64Clients} ms at ${P99_CLIENTS} clients`;
    const r = byName(scenario);
    if (r && concurrency === P99_CLIENTS) {
      r.checks.push({ name, ok: r.latencyMs.p99 <= TARGETS.p99MsAt64Clients, kind: 'target', detail: `p99 ${msText(r.latencyMs.p99)} (p50 ${msText(r.latencyMs.p50)})` });
      mark(scenario, { p99Ms: TARGETS.p99MsAt64Clients });
      continue;
    }
    const p = sweep.find((x) => x.scenario === scenario && x.concurrency === P99_CLIENTS && x.replicas === replicas);
    if (p) sweepChecks.push({ name: `${scenario} ${name} (${replicas} replicas)`, ok: p.latencyMs.p99 <= TARGETS.p99MsAt64Clients, kind: 'target', detail: `p99 ${msText(p.latencyMs.p99)} (p50 ${msText(p.latencyMs.p50)})` });
  }

  const hotel = byName('hotel');
  if (hotel) {
    hotel.checks.push({ name: `p99 ≤ ${TARGETS.hotelP99Ms} ms`, ok: hotel.latencyMs.p99 <= TARGETS.hotelP99Ms, kind: 'target', detail: `p99 ${msText(hotel.latencyMs.p99)} at ${hotel.clients} clients (p50 ${msText(hotel.latencyMs.p50)})` });
    mark('hotel', { p99Ms: TARGETS.hotelP99Ms });
  }

  const one = sweep.find((p) => p.scenario === 'hot' && p.replicas === 1 && p.concurrency === P99_CLIENTS);
  const three = sweep.find((p) => p.scenario === 'hot' && p.replicas === 3 && p.concurrency === P99_CLIENTS);
  if (one && three) {
    const ratio = one.acceptedPerSecond > 0 ? three.acceptedPerSecond / one.acceptedPerSecond : null;
    sweepChecks.push({
      name: `hot with 3 replicas ≥ ${TARGETS.hotThreeVsOneReplica}× hot with 1 (${P99_CLIENTS} clients)`,
      ok: ratio !== null && ratio >= TARGETS.hotThreeVsOneReplica,
      kind: 'target',
      detail: `${rate(three.acceptedPerSecond)} vs ${rate(one.acceptedPerSecond)} = ${ratio === null ? '-' : ratio.toFixed(2)}×`,
    });
  }

  const hot = byName('hot');
  const serial = byName('baseline-serial');
  if (hot && serial && serial.acceptedPerSecond > 0) {
    hot.checks.push({ name: 'vs one connection in series', ok: true, kind: 'info', detail: `${rate(hot.acceptedPerSecond)} vs ${rate(serial.acceptedPerSecond)} = ${(hot.acceptedPerSecond / serial.acceptedPerSecond).toFixed(2)}× (a lease runs one transaction at a time)` });
  }
  if (hot) hot.checks.push({ name: 'orders per lease', ok: true, kind: 'info', detail: `${hot.leases.ordersPerLease?.toFixed(1) ?? '-'} orders per lease acquisition (${hot.leases.leasesAcquired} leases)` });

  for (const r of [hot, spread, hotel]) {
    if (!r) continue;
    const b = r.batches;
    r.checks.push({
      name: 'batches',
      ok: true,
      kind: 'info',
      detail: `${b.transactions} booking transactions, ${b.bookingsPerTransaction?.toFixed(2) ?? '-'} bookings and ${b.itemsPerTransaction?.toFixed(2) ?? '-'} items per transaction, ${b.conflicts} placed one by one after a conflict`,
    });
  }

  const keyed = byName('keyed');
  if (keyed && spread) {
    const cost = keyed.replicaCpuUsPerAccepted !== null && spread.replicaCpuUsPerAccepted !== null ? keyed.replicaCpuUsPerAccepted - spread.replicaCpuUsPerAccepted : null;
    keyed.checks.push({
      name: 'the cost of a key (vs spread)',
      ok: true,
      kind: 'info',
      detail:
        `${rate(keyed.acceptedPerSecond)} vs ${rate(spread.acceptedPerSecond)} = ${spread.acceptedPerSecond > 0 ? (keyed.acceptedPerSecond / spread.acceptedPerSecond).toFixed(2) : '-'}×; ` +
        `replica CPU ${us(keyed.replicaCpuUsPerAccepted)} vs ${us(spread.replicaCpuUsPerAccepted)} µs per accepted booking (${cost === null ? '-' : `${cost >= 0 ? '+' : ''}${cost.toFixed(0)}`} µs)`,
    });
  }
  return { sweepChecks, marks };
}
