import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import type { RedisProcess, Replica } from '../src/cluster/processes.js';
import { auditStock, countOversoldRows } from '../src/inventory/stock-audit.js';
import type { BenchCatalogue } from './catalogue.js';
import type { BookTarget, FromWorker, Job, People, WorkerResult } from './protocol.js';
import { mergeOps, percentiles, type Batches, type Check, type ScenarioReport } from './report.js';
import { cpuMeter } from './system.js';

const WORKER = fileURLToPath(new URL('./load-worker.js', import.meta.url));

/** The load generators: forked processes that stay up for the whole run. */
export class Workers {
  private readonly procs: ChildProcess[] = [];
  private progress: Array<{ done: number; accepted: number }> = [];

  async start(n: number): Promise<void> {
    await Promise.all(
      Array.from({ length: n }, () => {
        const child = fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        this.procs.push(child);
        return new Promise<void>((resolve, reject) => {
          child.once('message', (m: FromWorker) => (m.type === 'ready' ? resolve() : reject(new Error('load worker did not start'))));
          child.once('exit', (code) => reject(new Error(`load worker exited at start (${code})`)));
        });
      }),
    );
  }

  get pids(): number[] {
    return this.procs.map((p) => p.pid ?? -1);
  }

  get size(): number {
    return this.procs.length;
  }

  resetProgress(): void {
    this.progress = [];
  }

  totals(): { done: number; accepted: number } {
    return this.progress.reduce((a, p) => ({ done: a.done + p.done, accepted: a.accepted + p.accepted }), { done: 0, accepted: 0 });
  }

  /** Runs one job per worker (jobs[i] on worker i) and collects every result. */
  async run(jobs: Job[]): Promise<WorkerResult[]> {
    this.progress = jobs.map(() => ({ done: 0, accepted: 0 }));
    return Promise.all(
      jobs.map(
        (job, i) =>
          new Promise<WorkerResult>((resolve, reject) => {
            const child = this.procs[i] as ChildProcess;
            const onMessage = (m: FromWorker) => {
              if (m.type === 'progress') this.progress[i] = { done: m.done, accepted: m.accepted };
              else if (m.type === 'result' || m.type === 'error') {
                child.off('message', onMessage);
                child.off('exit', onExit);
                if (m.type === 'result') resolve(m.result);
                else reject(new Error(`load worker: ${m.message}`));
              }
            };
            const onExit = (code: number | null) => reject(new Error(`load worker ${child.pid} exited (${code})`));
            child.on('message', onMessage);
            child.once('exit', onExit);
            child.send({ type: 'run', job });
          }),
      ),
    );
  }

  /** Stops each worker by its own PID. */
  stop(): void {
    for (const p of this.procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  }
}

/** Splits n among w parts as evenly as possible. */
export const share = (n: number, w: number) => Array.from({ length: w }, (_, i) => Math.floor(n / w) + (i < n % w ? 1 : 0));

/** A one-line progress bar on stderr while a scenario runs. */
function progressBar(name: string, workers: Workers, { totalMs, totalOps }: { totalMs?: number; totalOps?: number }) {
  const t0 = Date.now();
  const tty = process.stderr.isTTY;
  let lastPlain = t0;
  const draw = () => {
    const elapsed = (Date.now() - t0) / 1000;
    const { done, accepted } = workers.totals();
    const frac = totalOps ? done / totalOps : totalMs ? (Date.now() - t0) / totalMs : 0;
    const width = 28;
    const filled = Math.max(0, Math.min(width, Math.round(frac * width)));
    const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
    const of = totalMs ? `${elapsed.toFixed(1)}/${(totalMs / 1000).toFixed(0)} s` : `${elapsed.toFixed(1)} s`;
    const text = `${name.padEnd(17)} ${bar} ${of}  ${done} answers  ${accepted} accepted  ${(accepted / Math.max(elapsed, 0.001)).toFixed(0)}/s`;
    if (tty) process.stderr.write(`\r\x1b[2K${text}`);
    else if (Date.now() - lastPlain > 5000) {
      lastPlain = Date.now();
      process.stderr.write(`${text}\n`);
    }
  };
  const timer = setInterval(draw, 250);
  return {
    done(note: string) {
      clearInterval(timer);
      draw();
      process.stderr.write(tty ? `  ${note}\n` : `${name}: ${note}\n`);
    },
  };
}

/** What a scenario runs against; the sweep swaps `replicas` and `urls` in place between replica counts. */
export type Ctx = {
  opts: { concurrency: number; durationMs: number };
  db: Knex;
  databaseUrl: string;
  urls: string[];
  people: People;
  webhookSecret: string;
  cat: BenchCatalogue;
  workers: Workers;
  replicas: Replica[];
  /** Replicas stopped during the run (the sweep's restarts), kept for their log lines. */
  retired: Replica[];
  /** The environment every replica of the run is started with. */
  replicaEnv: Record<string, string>;
  masters: RedisProcess[];
  mariadbPid: number | undefined;
};

type Counters = { leases: number; orders: number; leaseFailures: number; batchSizeSum: number; batchSizeCount: number; batchItemsSum: number; batchItemsCount: number; batchConflicts: number };

export type Run = {
  results: WorkerResult[];
  /** Per group, % of one core over the run. */
  cpu: Record<string, number | null>;
  /** Per group, CPU ms used over the run (null when no PID of the group could be read). */
  cpuMs: Record<string, number | null>;
  leases: { leasesAcquired: number; ordersCreated: number; leaseFailures: number };
  batches: Batches;
};

/** Sum of every sample of one metric in Prometheus text (all label sets). */
function metricSum(text: string, name: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const next = line[name.length];
    if (next !== ' ' && next !== '{') continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1)) || 0;
  }
  return sum;
}

/** Lease, order and batch counters summed over the replicas, so a scenario can tell how many orders each lease and each transaction carried. */
async function scrapeReplicas(ctx: Ctx): Promise<Counters> {
  const texts = await Promise.all(ctx.urls.map((u) => fetch(`${u}/metrics`).then((r) => r.text()).catch(() => '')));
  const sum = (name: string) => texts.reduce((a, t) => a + metricSum(t, name), 0);
  return {
    leases: sum('leases_acquired_total'),
    orders: sum('orders_created_total'),
    leaseFailures: sum('lease_acquire_failures_total'),
    batchSizeSum: sum('booking_batch_size_sum'),
    batchSizeCount: sum('booking_batch_size_count'),
    batchItemsSum: sum('booking_batch_items_sum'),
    batchItemsCount: sum('booking_batch_items_count'),
    batchConflicts: sum('booking_batch_conflicts_total'),
  };
}

export async function runOnWorkers(ctx: Ctx, name: string, build: (i: number, startAt: number) => Job | undefined, bar: { totalMs?: number; totalOps?: number }, leadMs = 300): Promise<Run> {
  const startAt = Date.now() + leadMs;
  const jobs: Job[] = [];
  for (let i = 0; i < ctx.workers.size; i += 1) {
    const job = build(i, startAt);
    if (job) jobs.push(job);
  }
  ctx.workers.resetProgress();
  const p = progressBar(name, ctx.workers, bar);
  const m0 = await scrapeReplicas(ctx);
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
  const meter = cpuMeter({
    loadgen: ctx.workers.pids.slice(0, jobs.length),
    replicas: ctx.replicas.map((r) => r.pid),
    redis: ctx.masters.map((m) => m.pid),
    mariadb: ctx.mariadbPid ? [ctx.mariadbPid] : [],
  });
  const results = await ctx.workers.run(jobs);
  const { percent: cpu, usedMs: cpuMs } = meter.stop();
  const m1 = await scrapeReplicas(ctx);
  const leases = {
    leasesAcquired: m1.leases - m0.leases,
    ordersCreated: m1.orders - m0.orders,
    leaseFailures: m1.leaseFailures - m0.leaseFailures,
  };
  const transactions = m1.batchSizeCount - m0.batchSizeCount;
  const itemTransactions = m1.batchItemsCount - m0.batchItemsCount;
  const batches: Batches = {
    transactions,
    bookingsPerTransaction: transactions > 0 ? (m1.batchSizeSum - m0.batchSizeSum) / transactions : null,
    itemsPerTransaction: itemTransactions > 0 ? (m1.batchItemsSum - m0.batchItemsSum) / itemTransactions : null,
    conflicts: m1.batchConflicts - m0.batchConflicts,
  };
  // The load generators' own accounting is the exact one for them.
  const wall = Math.max(...results.map((r) => r.wallMs), 1);
  cpu['loadgen'] = (results.reduce((a, r) => a + r.cpuMs, 0) / wall) * 100;
  cpuMs['loadgen'] = results.reduce((a, r) => a + r.cpuMs, 0);
  if (!ctx.mariadbPid) cpu['mariadb'] = cpuMs['mariadb'] = null;
  p.done(`${results.reduce((a, r) => a + r.accepted, 0)} accepted in ${(wall / 1000).toFixed(1)} s; checking stock…`);
  return { results, cpu, cpuMs, leases, batches };
}

/** µs of a group's CPU per accepted request, or null when either is unknown. */
const usPer = (ms: number | null | undefined, accepted: number) => (ms === null || ms === undefined || accepted === 0 ? null : (ms * 1000) / accepted);

/** Latency, responses and CPU of a run, after the invariant checks on the whole database. */
export async function summarise(ctx: Ctx, name: string, description: string, clients: number, run: Run, extraChecks: Check[] = [], extra?: Record<string, unknown>): Promise<ScenarioReport> {
  const { results, cpu } = run;
  const primary = results[0]?.primary ?? 'book';
  const ops = mergeOps(results.map((r) => r.ops));
  const main = ops[primary] ?? { latenciesMs: [], codes: {} };
  const accepted = results.reduce((a, r) => a + r.accepted, 0);
  const wallMs = Math.max(...results.map((r) => r.wallMs), 1);
  const [drift, oversell] = [await auditStock(ctx.db), await countOversoldRows(ctx.db)];
  const crashed = ctx.replicas.filter((r) => r.child.exitCode !== null || r.child.signalCode !== null);
  const serverErrors = Object.entries(main.codes)
    .filter(([k]) => k.startsWith('5') && k !== '503 LOCK_BUSY')
    .reduce((a, [, n]) => a + n, 0);
  const checks: Check[] = [
    { kind: 'correctness', name: 'no oversell', ok: oversell === 0, detail: `${oversell} stock rows outside [0, capacity]` },
    { kind: 'correctness', name: 'no leaked stock', ok: drift.length === 0, detail: drift.length === 0 ? 'sold = sum over live orders on every row' : `${drift.length} rows drift, e.g. ${JSON.stringify(drift.slice(0, 3))}` },
  ];
  if (primary !== 'txn') checks.push({ kind: 'correctness', name: 'no 5xx except 503 LOCK_BUSY', ok: serverErrors === 0, detail: `${serverErrors} such responses` });
  if (crashed.length > 0) checks.push({ kind: 'correctness', name: 'replicas alive', ok: false, detail: `${crashed.length} replica(s) exited` });
  checks.push(...extraChecks);
  return {
    name,
    description,
    clients,
    wallSeconds: wallMs / 1000,
    requests: main.latenciesMs.length,
    accepted,
    acceptedPerSecond: accepted / (wallMs / 1000),
    latencyMs: percentiles(main.latenciesMs),
    codes: main.codes,
    ops: Object.fromEntries(Object.entries(ops).map(([k, s]) => [k, { count: s.latenciesMs.length, latencyMs: percentiles(s.latenciesMs), codes: s.codes }])),
    oversell,
    leaks: drift.length,
    cpu,
    // A baseline does no replica work: its replica CPU is idle noise, not a cost per transaction.
    replicaCpuUsPerAccepted: primary === 'txn' ? null : usPer(run.cpuMs['replicas'], accepted),
    mariadbCpuUsPerAccepted: usPer(run.cpuMs['mariadb'], accepted),
    checks,
    samples: results.flatMap((r) => r.samples).slice(0, 10),
    leases: { ...run.leases, ordersPerLease: run.leases.leasesAcquired > 0 ? run.leases.ordersCreated / run.leases.leasesAcquired : null },
    batches: run.batches,
    ...(extra ? { extra } : {}),
  };
}

export function bookJobs(ctx: Ctx, target: BookTarget, clients: number, durationMs: number) {
  const shares = share(clients, ctx.workers.size);
  return (i: number, startAt: number): Job | undefined =>
    (shares[i] ?? 0) === 0 ? undefined : { kind: 'book', startAt, urls: ctx.urls, people: ctx.people, clients: shares[i] as number, durationMs, target };
}

/** C closed-loop clients booking for a fixed time, then the checks. */
export async function scenarioBook(ctx: Ctx, name: string, description: string, target: BookTarget, clients = ctx.opts.concurrency, durationMs = ctx.opts.durationMs): Promise<ScenarioReport> {
  const run = await runOnWorkers(ctx, name, bookJobs(ctx, target, clients, durationMs), { totalMs: durationMs });
  return summarise(ctx, name, description, clients, run);
}
