import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { spawnReplica, startRedis, stopAllChildren, type RedisProcess, type Replica } from '../src/cluster/processes.js';
import { loadConfig } from '../src/config.js';
import { createDb, dropDatabase, ensureDatabase, migrateLatest } from '../src/db/database.js';
import { createAuthenticator } from '../src/http/auth.js';
import { auditStock, countOversoldRows } from '../src/inventory/stock-audit.js';
import { buildCatalogue, SELLOUT_SEATS, type BenchCatalogue } from './catalogue.js';
import type { FromWorker, Job, WorkerResult } from './protocol.js';
import { mergeOps, percentiles, renderChecks, renderMarkdownTable, renderSvg, renderTable, type Check, type ScenarioReport } from './report.js';
import { cpuMeter, machineFacts } from './system.js';

const ALL_SCENARIOS = ['baseline', 'hot', 'spread', 'sellout', 'hotel', 'payments'] as const;
type ScenarioName = (typeof ALL_SCENARIOS)[number];

const TARGETS = { hot: 0.6, spread: 0.5 };
const SELLOUT_BUYERS = 5000;
const PAYMENT_DELIVERIES = 5;
const SPREAD_ROUTES = 1000;
/** Payments book on routes of their own, spread out, so the callback path and not one route's lease sets the pace. */
const PAY_ROUTES = 100;
const HOTELS = 5;
const ROOM_TYPES_PER_HOTEL = 4;
// Most room types have enough rooms that a run does not exhaust them (accepted/s measures speed); the first of
// each hotel has few, so its nights sell out early and the all-nights-or-none guard runs under contention.
const ROOMS_PER_TYPE = 50;
const ROOMS_SCARCE = 3;
const LOCK_MASTERS = 3;

const USAGE = `usage: npm run bench -- [options]
  --replicas N        replicas as OS processes (default 3)
  --concurrency C     concurrent clients per scenario (default 64)
  --duration S        seconds per timed scenario (default 15)
  --scenarios LIST    comma list of ${ALL_SCENARIOS.join(',')} (default: all)
  --workers W         load-generator processes (default 2)
  --keep-db           keep the benchmark database afterwards
  --cpu-prof DIR      write a V8 CPU profile of each replica into DIR (replicas stop with SIGTERM)
  -h, --help`;

function options() {
  const { values } = parseArgs({
    options: {
      replicas: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '64' },
      duration: { type: 'string', default: '15' },
      scenarios: { type: 'string', default: ALL_SCENARIOS.join(',') },
      workers: { type: 'string', default: '2' },
      'keep-db': { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const scenarios = values.scenarios.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of scenarios) if (!(ALL_SCENARIOS as readonly string[]).includes(s)) throw new Error(`--scenarios: unknown scenario "${s}" (known: ${ALL_SCENARIOS.join(', ')})`);
  return {
    replicas: int('replicas', values.replicas, 1, 16),
    concurrency: int('concurrency', values.concurrency, 1, 2000),
    durationMs: int('duration', values.duration, 1, 3600) * 1000,
    workers: int('workers', values.workers, 1, 16),
    scenarios: new Set(scenarios as ScenarioName[]),
    keepDb: values['keep-db'],
    cpuProfDir: values['cpu-prof'],
  };
}

type Options = ReturnType<typeof options>;

const WORKER = fileURLToPath(new URL('./load-worker.js', import.meta.url));
const RESULTS = fileURLToPath(new URL('../../bench/results/', import.meta.url));

/** The load generators: forked processes that stay up for the whole run. */
class Workers {
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
const share = (n: number, w: number) => Array.from({ length: w }, (_, i) => Math.floor(n / w) + (i < n % w ? 1 : 0));

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

type Ctx = {
  opts: Options;
  db: Knex;
  databaseUrl: string;
  urls: string[];
  tokens: string[];
  webhookSecret: string;
  cat: BenchCatalogue;
  workers: Workers;
  replicas: Replica[];
  masters: RedisProcess[];
  mariadbPid: number | undefined;
};

type Run = { results: WorkerResult[]; cpu: Record<string, number | null>; leases: { leasesAcquired: number; ordersCreated: number; leaseFailures: number } };

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

/** Lease and order counters summed over the replicas, so a scenario can tell how many orders each lease carried. */
async function scrapeReplicas(ctx: Ctx): Promise<{ leases: number; orders: number; leaseFailures: number }> {
  const texts = await Promise.all(ctx.urls.map((u) => fetch(`${u}/metrics`).then((r) => r.text()).catch(() => '')));
  return {
    leases: texts.reduce((a, t) => a + metricSum(t, 'leases_acquired_total'), 0),
    orders: texts.reduce((a, t) => a + metricSum(t, 'orders_created_total'), 0),
    leaseFailures: texts.reduce((a, t) => a + metricSum(t, 'lease_acquire_failures_total'), 0),
  };
}

async function runOnWorkers(ctx: Ctx, name: string, build: (i: number, startAt: number) => Job | undefined, bar: { totalMs?: number; totalOps?: number }, leadMs = 300): Promise<Run> {
  const startAt = Date.now() + leadMs;
  const jobs: Job[] = [];
  for (let i = 0; i < ctx.workers.size; i += 1) {
    const job = build(i, startAt);
    if (job) jobs.push(job);
  }
  ctx.workers.resetProgress();
  const p = progressBar(name, ctx.workers, bar);
  const metrics0 = await scrapeReplicas(ctx);
  await new Promise((r) => setTimeout(r, Math.max(0, startAt - Date.now())));
  const meter = cpuMeter({
    loadgen: ctx.workers.pids.slice(0, jobs.length),
    replicas: ctx.replicas.map((r) => r.pid),
    redis: ctx.masters.map((m) => m.pid),
    mariadb: ctx.mariadbPid ? [ctx.mariadbPid] : [],
  });
  const results = await ctx.workers.run(jobs);
  const cpu = meter.stop();
  const metrics1 = await scrapeReplicas(ctx);
  const leases = {
    leasesAcquired: metrics1.leases - metrics0.leases,
    ordersCreated: metrics1.orders - metrics0.orders,
    leaseFailures: metrics1.leaseFailures - metrics0.leaseFailures,
  };
  // The load generators' own accounting is the exact one for them.
  const wall = Math.max(...results.map((r) => r.wallMs), 1);
  cpu['loadgen'] = (results.reduce((a, r) => a + r.cpuMs, 0) / wall) * 100;
  if (!ctx.mariadbPid) cpu['mariadb'] = null;
  p.done(`${results.reduce((a, r) => a + r.accepted, 0)} accepted in ${(wall / 1000).toFixed(1)} s; checking stock…`);
  return { results, cpu, leases };
}

async function summarise(ctx: Ctx, name: string, description: string, clients: number, run: Run, extraChecks: Check[] = [], extra?: Record<string, unknown>): Promise<ScenarioReport> {
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
    checks,
    samples: results.flatMap((r) => r.samples).slice(0, 10),
    leases: { ...run.leases, ordersPerLease: run.leases.leasesAcquired > 0 ? run.leases.ordersCreated / run.leases.leasesAcquired : null },
    ...(extra ? { extra } : {}),
  };
}

function bookJobs(ctx: Ctx, target: Extract<Job, { kind: 'book' }>['target'], clients: number, durationMs: number) {
  const shares = share(clients, ctx.workers.size);
  return (i: number, startAt: number): Job | undefined =>
    (shares[i] ?? 0) === 0 ? undefined : { kind: 'book', startAt, urls: ctx.urls, tokens: ctx.tokens.slice(i * 1000, (i + 1) * 1000), clients: shares[i] as number, durationMs, target };
}

async function scenarioBook(ctx: Ctx, name: string, description: string, target: Extract<Job, { kind: 'book' }>['target']): Promise<ScenarioReport> {
  const { concurrency, durationMs } = ctx.opts;
  const run = await runOnWorkers(ctx, name, bookJobs(ctx, target, concurrency, durationMs), { totalMs: durationMs });
  return summarise(ctx, name, description, concurrency, run);
}

async function scenarioBaseline(ctx: Ctx, name: string, description: string, routeIds: number[], concurrency = ctx.opts.concurrency, durationMs = ctx.opts.durationMs): Promise<ScenarioReport> {
  const shares = share(concurrency, ctx.workers.size);
  const run = await runOnWorkers(
    ctx,
    name,
    (i, startAt) => ((shares[i] ?? 0) === 0 ? undefined : { kind: 'sql', startAt, databaseUrl: ctx.databaseUrl, clients: shares[i] as number, durationMs, routeIds, userPrefix: `baseline-${name}` }),
    { totalMs: durationMs },
    // Time for the pool to open its C connections before the clock starts.
    1500,
  );
  return summarise(ctx, name, description, concurrency, run);
}

async function scenarioSellout(ctx: Ctx): Promise<ScenarioReport> {
  const name = 'sellout';
  const shares = share(SELLOUT_BUYERS, ctx.workers.size);
  const run = await runOnWorkers(
    ctx,
    name,
    (i, startAt) => ({ kind: 'burst', startAt, urls: ctx.urls, tokens: ctx.tokens.slice(i * 1000, (i + 1) * 1000), buyers: shares[i] as number, routeId: ctx.cat.selloutRouteId, maxAttempts: 60 }),
    { totalOps: SELLOUT_BUYERS },
  );
  const accepted = run.results.reduce((a, r) => a + r.accepted, 0);
  const selloutMs = Math.max(...run.results.map((r) => r.lastAcceptedMs));
  const answeredMs = Math.max(...run.results.map((r) => r.wallMs));
  const row = (await ctx.db('routes').where({ id: ctx.cat.selloutRouteId }).first('sales_count', 'group_size')) as { sales_count: number; group_size: number };
  const live = (await ctx.db('order_items as oi').join('orders as o', 'o.id', 'oi.order_id').where({ 'oi.item_type': 'route', 'oi.item_id': ctx.cat.selloutRouteId }).whereIn('o.status', ['pending', 'paid']).sum({ n: 'oi.quantity' })) as Array<{ n: number | string | null }>;
  const liveSeats = Number(live[0]?.n ?? 0);
  const exact = row.sales_count === SELLOUT_SEATS && accepted === SELLOUT_SEATS && liveSeats === SELLOUT_SEATS;
  const report = await summarise(
    ctx,
    name,
    `${SELLOUT_BUYERS} buyers released at once for ${SELLOUT_SEATS} seats on one route; a buyer retries 503 LOCK_BUSY after Retry-After`,
    SELLOUT_BUYERS,
    run,
    [
      { kind: 'correctness', name: 'exact sellout', ok: exact, detail: `salesCount ${row.sales_count}, accepted seats ${accepted}, seats held by live orders ${liveSeats}, capacity ${SELLOUT_SEATS}` },
    ],
    { timeToSelloutMs: selloutMs, allAnsweredMs: answeredMs, buyers: SELLOUT_BUYERS, seats: SELLOUT_SEATS },
  );
  // Throughput here is seats sold per second until the last seat went.
  report.acceptedPerSecond = accepted / Math.max(selloutMs / 1000, 0.001);
  report.checks.push({ name: 'time to sell out', ok: true, kind: 'info', detail: `last seat sold after ${(selloutMs / 1000).toFixed(2)} s; every buyer answered after ${(answeredMs / 1000).toFixed(2)} s` });
  return report;
}

async function scenarioPayments(ctx: Ctx): Promise<ScenarioReport> {
  const name = 'payments';
  const { concurrency, durationMs } = ctx.opts;
  // Each client has 5 deliveries in flight at the callback step; C/5 clients keep about C requests in flight.
  const clients = Math.max(1, Math.round(concurrency / PAYMENT_DELIVERIES));
  const shares = share(clients, ctx.workers.size);
  const run = await runOnWorkers(
    ctx,
    name,
    (i, startAt) =>
      (shares[i] ?? 0) === 0
        ? undefined
        : { kind: 'pay', startAt, urls: ctx.urls, tokens: ctx.tokens.slice(i * 1000, (i + 1) * 1000), clients: shares[i] as number, durationMs, routeIds: ctx.cat.payRouteIds, deliveries: PAYMENT_DELIVERIES, webhookSecret: ctx.webhookSecret },
    { totalMs: durationMs },
  );
  const [rows] = (await ctx.db.raw(
    `SELECT o.order_sn AS sn, o.status, (SELECT COUNT(*) FROM payments p WHERE p.order_id = o.id) AS payments
       FROM orders o JOIN order_items oi ON oi.order_id = o.id
      WHERE oi.item_type = 'route' AND oi.item_id IN (${ctx.cat.payRouteIds.map(() => '?').join(',')})`,
    ctx.cat.payRouteIds,
  )) as [Array<{ sn: string; status: string; payments: number }>];
  const bySn = new Map(rows.map((r) => [r.sn, r]));
  const reported = run.results.flatMap((r) => r.paidOrders ?? []);
  const wrongCount = rows.filter((r) => Number(r.payments) !== 1);
  const notPaid = rows.filter((r) => r.status !== 'paid');
  const reportedButNot = reported.filter((sn) => bySn.get(sn)?.status !== 'paid');
  const freshNotOne = run.results.reduce((a, r) => a + (r.freshNotOne ?? 0), 0);
  return summarise(
    ctx,
    name,
    `book one of ${PAY_ROUTES} routes, ask for the payment intent, then deliver the signed success callback ${PAYMENT_DELIVERIES}× at once to different replicas (${clients} clients)`,
    clients,
    run,
    [
      {
        kind: 'correctness', name: 'one payment row per order',
        ok: wrongCount.length === 0,
        detail: `${rows.length} orders booked; ${wrongCount.length} with a payment count other than 1${wrongCount.length ? ` (e.g. ${JSON.stringify(wrongCount.slice(0, 3))})` : ''}`,
      },
      { kind: 'correctness', name: 'every order paid', ok: notPaid.length === 0 && reportedButNot.length === 0, detail: `${rows.length - notPaid.length}/${rows.length} orders have status 'paid'` },
      { kind: 'correctness', name: 'one fresh answer per notification', ok: freshNotOne === 0, detail: `${freshNotOne} orders whose ${PAYMENT_DELIVERIES} deliveries did not answer duplicate:false exactly once` },
    ],
    { ordersBooked: rows.length, ordersPaid: rows.length - notPaid.length, clients },
  );
}

/** Replica log lines counted by level, message and error code; start-up banners are left out. */
function summariseLogs(lines: string[]): Array<{ kind: string; count: number }> {
  const counts = new Map<string, number>();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    let kind: string;
    try {
      const l = JSON.parse(line) as { level?: number; msg?: string; code?: string; err?: { type?: string } };
      const level = ({ 40: 'warn', 50: 'error', 60: 'fatal' } as Record<number, string>)[l.level ?? 0] ?? String(l.level);
      kind = `${level} "${l.msg ?? ''}"${l.code ? ` ${l.code}` : l.err?.type ? ` ${l.err.type}` : ''}`;
    } catch {
      kind = 'unparsed';
    }
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts.entries()].map(([kind, count]) => ({ kind, count })).sort((a, b) => b.count - a.count);
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

async function main(): Promise<void> {
  const opts = options();
  const started = new Date();
  const runId = `${stamp(started).replace('-', '')}${randomBytes(2).toString('hex')}`;
  // The configured server, with a database of the benchmark's own.
  const serverUrl = new URL(process.env['DATABASE_URL'] ?? 'mysql://root@127.0.0.1:3306');
  serverUrl.pathname = `/travel_orders_bench_${runId}`;
  const databaseUrl = serverUrl.toString();
  const say = (line: string) => process.stderr.write(`bench: ${line}\n`);

  const workers = new Workers();
  let replicas: Replica[] = [];
  let db: Knex | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    workers.stop();
    // A profile is written only on a clean exit, so profiled replicas get SIGTERM and time to drain.
    if (opts.cpuProfDir) await Promise.all(replicas.map((r) => r.stop('SIGTERM', 20_000)));
    await stopAllChildren();
    await db?.destroy().catch(() => undefined);
    if (!opts.keepDb) await dropDatabase(databaseUrl).catch((err: unknown) => say(`could not drop ${databaseUrl}: ${String(err)}`));
    else say(`kept database ${databaseUrl}`);
  };
  // A reader that goes away (`| head`) must not stop the run before it has cleaned up.
  process.stdout.on('error', () => undefined);
  process.once('SIGINT', () => {
    process.stderr.write('\n');
    say('interrupted; stopping replicas, Redis masters and load workers');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    say(`database ${databaseUrl}`);
    await ensureDatabase(databaseUrl);
    db = createDb(databaseUrl, { poolMax: 4 });
    await migrateLatest(db);
    const [[versionRow]] = (await db.raw('SELECT VERSION() AS v, @@pid_file AS pidFile')) as [[{ v: string; pidFile: string }]];
    let mariadbPid: number | undefined;
    try {
      mariadbPid = Number(readFileSync(versionRow.pidFile, 'utf8').trim()) || undefined;
    } catch {
      mariadbPid = undefined;
    }

    say(`starting ${LOCK_MASTERS} Redis lock masters and ${opts.replicas} replicas`);
    const masters: RedisProcess[] = [];
    for (let i = 0; i < LOCK_MASTERS; i += 1) masters.push(await startRedis());
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      SEED_DEMO: '0',
      SHUTDOWN_DELAY_MS: '0',
      DATABASE_URL: databaseUrl,
      REDIS_URLS: masters.map((m) => m.url).join(','),
      REDIS_KEY_PREFIX: `bench:${runId}:`,
      IDEMPOTENCY_REDIS_URL: 'redis://127.0.0.1:6379',
    };
    // The secrets the replicas will use: the development defaults unless the environment sets its own.
    const config = loadConfig({ ...process.env, ...env });
    if (opts.cpuProfDir) {
      mkdirSync(opts.cpuProfDir, { recursive: true });
      env['NODE_OPTIONS'] = `${process.env['NODE_OPTIONS'] ?? ''} --import=${fileURLToPath(new URL('./cpu-profile-hook.js', import.meta.url))}`.trim();
      env['BENCH_CPU_PROF_DIR'] = opts.cpuProfDir;
    }
    replicas = await Promise.all(Array.from({ length: opts.replicas }, () => spawnReplica(env)));
    const urls = replicas.map((r) => r.url);

    const auth = createAuthenticator(config.jwtSecret);
    const adminToken = await auth.issue(`bench-admin-${runId}`, { admin: true });
    const userCount = 1000 * opts.workers;
    const tokens = await Promise.all(Array.from({ length: userCount }, (_, i) => auth.issue(`bench-${runId}-${i}`)));

    say('loading the benchmark catalogue');
    const cat = await buildCatalogue(urls[0] as string, adminToken, db, { spreadRoutes: SPREAD_ROUTES, payRoutes: PAY_ROUTES, hotels: HOTELS, roomTypesPerHotel: ROOM_TYPES_PER_HOTEL, roomsPerType: ROOMS_PER_TYPE, scarceRooms: ROOMS_SCARCE });

    await workers.start(opts.workers);
    const ctx: Ctx = { opts, db, databaseUrl, urls, tokens, webhookSecret: config.paymentWebhookSecret, cat, workers, replicas, masters, mariadbPid };

    // A short unreported warm-up, so the first scenario does not pay for JIT and connection set-up.
    await runOnWorkers(ctx, 'warm-up', bookJobs(ctx, { type: 'route', routeIds: [cat.warmRouteId] }, Math.min(16, opts.concurrency), 2000), { totalMs: 2000 });

    const reports: ScenarioReport[] = [];
    const want = (s: ScenarioName) => opts.scenarios.has(s);
    const C = opts.concurrency;
    // Each baseline runs just before the scenario it is compared with, so both see the same machine.
    if (want('baseline')) reports.push(await scenarioBaseline(ctx, 'baseline-1row', `the booking transaction straight through mysql2 on one row, ${C} connections`, [cat.baselineHotRouteId]));
    // One connection, one row: the rate of the transaction run strictly one after another, as a lease runs it.
    if (want('baseline')) reports.push(await scenarioBaseline(ctx, 'baseline-serial', 'the booking transaction straight through mysql2 on one row, 1 connection', [cat.baselineHotRouteId], 1, Math.min(opts.durationMs, 5000)));
    if (want('hot')) reports.push(await scenarioBook(ctx, 'hot', `${C} clients booking 1 seat on one route that does not run out`, { type: 'route', routeIds: [cat.hotRouteId] }));
    if (want('baseline')) reports.push(await scenarioBaseline(ctx, 'baseline-1000rows', `the booking transaction straight through mysql2 on ${SPREAD_ROUTES} rows, ${C} connections`, cat.baselineSpreadRouteIds));
    if (want('spread')) reports.push(await scenarioBook(ctx, 'spread', `${C} clients booking 1 seat on one of ${SPREAD_ROUTES} routes, uniformly at random`, { type: 'route', routeIds: cat.spreadRouteIds }));
    if (want('sellout')) reports.push(await scenarioSellout(ctx));
    if (want('hotel')) {
      reports.push(
        await scenarioBook(ctx, 'hotel', `${C} clients booking 1 room for 1-4 random nights in a 30-night window, ${HOTELS * ROOM_TYPES_PER_HOTEL} room types in ${HOTELS} hotels (${HOTELS} with ${ROOMS_SCARCE} rooms, the rest ${ROOMS_PER_TYPE})`, {
          type: 'hotel',
          rooms: cat.rooms,
          firstDayOffset: 30,
          windowDays: 30,
          maxNights: 4,
        }),
      );
    }
    if (want('payments')) reports.push(await scenarioPayments(ctx));

    // Ratios to the database's own ceiling, and the targets they are held to.
    for (const [scenario, base] of [['hot', 'baseline-1row'], ['spread', 'baseline-1000rows']] as const) {
      const r = reports.find((x) => x.name === scenario);
      if (!r) continue;
      const b = reports.find((x) => x.name === base);
      const ratio = b && b.acceptedPerSecond > 0 ? r.acceptedPerSecond / b.acceptedPerSecond : null;
      r.baseline = { scenario: base, ratio, target: TARGETS[scenario] };
      if (ratio !== null) {
        r.checks.push({ name: `throughput ≥ ${TARGETS[scenario]}× ${base}`, ok: ratio >= TARGETS[scenario], kind: 'target', detail: `${r.acceptedPerSecond.toFixed(0)}/s vs ${b?.acceptedPerSecond.toFixed(0)}/s = ${ratio.toFixed(2)}×` });
      }
    }

    const hot = reports.find((x) => x.name === 'hot');
    const serial = reports.find((x) => x.name === 'baseline-serial');
    if (hot && serial && serial.acceptedPerSecond > 0) {
      hot.checks.push({ name: 'vs one connection in series', ok: true, kind: 'info', detail: `${hot.acceptedPerSecond.toFixed(0)}/s vs ${serial.acceptedPerSecond.toFixed(0)}/s = ${(hot.acceptedPerSecond / serial.acceptedPerSecond).toFixed(2)}× (a lease runs one transaction at a time)` });
      hot.checks.push({ name: 'orders per lease', ok: true, kind: 'info', detail: `${hot.leases.ordersPerLease?.toFixed(1) ?? '-'} orders per lease acquisition (${hot.leases.leasesAcquired} leases)` });
    }

    const machine = machineFacts(versionRow.v);
    const replicaLogs = replicas.map((r) => r.output().split('\n').filter(Boolean));
    const logKinds = summariseLogs(replicaLogs.flat());
    const result = {
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      machine,
      settings: { replicas: opts.replicas, lockMasters: LOCK_MASTERS, concurrency: opts.concurrency, durationSeconds: opts.durationMs / 1000, loadWorkers: opts.workers, scenarios: [...opts.scenarios] },
      targets: { hotVsOneRowBaseline: TARGETS.hot, spreadVs1000RowBaseline: TARGETS.spread, oversell: 0, leaks: 0 },
      scenarios: reports,
      markdownTable: renderMarkdownTable(reports),
      replicaLogs: { byKind: logKinds, first: replicaLogs.map((lines) => lines.slice(0, 5)) },
    };

    const table = renderTable(reports);
    process.stdout.write(`\n${table}\n\n${renderChecks(reports)}\n`);
    if (logKinds.length > 0) {
      process.stdout.write(`\nreplica log lines at level warn and above:\n${logKinds.map((k) => `  ${String(k.count).padStart(7)}  ${k.kind}`).join('\n')}\n`);
    }
    process.stdout.write(
      `\nmachine: ${machine.nproc} cores (${machine.cpuModel}), ${machine.memGiB} GiB, node ${machine.node}, MariaDB ${machine.mariadb}; ` +
        `${opts.replicas} replicas, ${LOCK_MASTERS} Redis lock masters, ${opts.workers} load workers, C=${opts.concurrency}, ${opts.durationMs / 1000} s per timed scenario\n`,
    );

    mkdirSync(RESULTS, { recursive: true });
    const file = stamp(started);
    const json = `${JSON.stringify(result, null, 2)}\n`;
    const svg = renderSvg(reports, `${stamp(started)} · ${machine.nproc} cores · node ${machine.node} · MariaDB ${machine.mariadb} · ${opts.replicas} replicas · C=${opts.concurrency} · ${opts.durationMs / 1000} s`);
    writeFileSync(`${RESULTS}${file}.json`, json);
    writeFileSync(`${RESULTS}latest.json`, json);
    writeFileSync(`${RESULTS}${file}.svg`, svg);
    writeFileSync(`${RESULTS}latest.svg`, svg);
    process.stdout.write(`results: bench/results/${file}.json, bench/results/${file}.svg (and latest.json, latest.svg)\n`);
    // A broken invariant fails the run; a missed throughput target is only reported.
    if (reports.some((r) => r.checks.some((c) => !c.ok && c.kind === 'correctness'))) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
