import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { spawnReplica, startRedis, stopAllChildren, type RedisProcess, type Replica } from '../src/cluster/processes.js';
import { loadConfig } from '../src/config.js';
import { createDb, dropDatabase, ensureDatabase, migrateLatest } from '../src/db/database.js';
import { createAuthenticator } from '../src/http/auth.js';
import { buildCatalogue, SELLOUT_SEATS } from './catalogue.js';
import { renderChecks, renderMarkdownTable, renderSvg, renderTable, sweepTableRows, tableRows, type ScenarioReport, type SweepPoint } from './report.js';
import { bookJobs, runOnWorkers, scenarioBook, share, summarise, Workers, type Ctx as RunCtx } from './runner.js';
import { runSweep, SWEEP, sweepInvariantChecks } from './sweep.js';
import { machineFacts } from './system.js';
import { judge, TARGETS, targetsJson } from './targets.js';

const ALL_SCENARIOS = ['baseline', 'hot', 'spread', 'keyed', 'sellout', 'hotel', 'payments'] as const;
type ScenarioName = (typeof ALL_SCENARIOS)[number];

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
  --no-sweep          skip the sweep (hot and spread at 1, 2, 3 replicas and 16, 64, 256 clients)
  --sweep-duration S  seconds per sweep point (default 8)
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
      'no-sweep': { type: 'boolean', default: false },
      'sweep-duration': { type: 'string', default: '8' },
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
    sweep: !values['no-sweep'],
    sweepDurationMs: int('sweep-duration', values['sweep-duration'], 1, 3600) * 1000,
    keepDb: values['keep-db'],
    cpuProfDir: values['cpu-prof'],
  };
}

type Options = ReturnType<typeof options>;
type Ctx = RunCtx & { opts: Options };

const RESULTS = fileURLToPath(new URL('../../bench/results/', import.meta.url));

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
    (i, startAt) => ({ kind: 'burst', startAt, urls: ctx.urls, people: ctx.people, buyers: shares[i] as number, routeId: ctx.cat.selloutRouteId, maxAttempts: 60 }),
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
        : { kind: 'pay', startAt, urls: ctx.urls, people: ctx.people, clients: shares[i] as number, durationMs, routeIds: ctx.cat.payRouteIds, deliveries: PAYMENT_DELIVERIES, webhookSecret: ctx.webhookSecret },
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
    // A profile is written only on a clean exit, so profiled replicas get SIGTERM and time to drain. (The sweep
    // replaces the replicas in this same array.)
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
      // Every booking is a person of its own (load-worker.ts), so the holding and user rate limits are at their
      // defaults and counted on every request. Every client here is 127.0.0.1: its address limit is counted too,
      // but set so high it refuses nothing.
      RATE_LIMIT_ADDRESS_PER_MINUTE: '10000000',
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
    const people = { jwtSecret: config.jwtSecret, prefix: `bench-${runId}` };

    say('loading the benchmark catalogue');
    const cat = await buildCatalogue(urls[0] as string, adminToken, db, { spreadRoutes: SPREAD_ROUTES, payRoutes: PAY_ROUTES, hotels: HOTELS, roomTypesPerHotel: ROOM_TYPES_PER_HOTEL, roomsPerType: ROOMS_PER_TYPE, scarceRooms: ROOMS_SCARCE });

    await workers.start(opts.workers);
    const ctx: Ctx = { opts, db, databaseUrl, urls, people, webhookSecret: config.paymentWebhookSecret, cat, workers, replicas, retired: [], replicaEnv: env, masters, mariadbPid };

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
    if (want('keyed')) reports.push(await scenarioBook(ctx, 'keyed', `${C} clients booking 1 seat on one of ${SPREAD_ROUTES} routes, uniformly at random, each booking with a fresh Idempotency-Key`, { type: 'route', routeIds: cat.spreadRouteIds, keyed: true }));
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

    // After the main scenarios, on the same database and masters; it leaves the run with its last replicas.
    const sweepScenarios = SWEEP.scenarios.filter((x) => want(x));
    const sweep: SweepPoint[] = opts.sweep && sweepScenarios.length > 0 ? await runSweep(ctx, { scenarios: sweepScenarios, durationMs: opts.sweepDurationMs, say }) : [];

    const { sweepChecks, marks } = judge(reports, sweep, { concurrency: opts.concurrency, replicas: opts.replicas });
    if (sweep.length > 0) sweepChecks.unshift(...sweepInvariantChecks(sweep));
    const checkGroups = [...reports, ...(sweep.length > 0 ? [{ name: 'sweep', checks: sweepChecks }] : [])];

    const machine = machineFacts(versionRow.v);
    const replicaLogs = [...ctx.retired, ...ctx.replicas].map((r) => r.output().split('\n').filter(Boolean));
    const logKinds = summariseLogs(replicaLogs.flat());
    const result = {
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      machine,
      settings: {
        replicas: opts.replicas,
        lockMasters: LOCK_MASTERS,
        concurrency: opts.concurrency,
        durationSeconds: opts.durationMs / 1000,
        loadWorkers: opts.workers,
        scenarios: [...opts.scenarios],
        sweep: sweep.length > 0 ? { scenarios: sweepScenarios, replicas: SWEEP.replicas, concurrency: SWEEP.concurrency, durationSeconds: opts.sweepDurationMs / 1000 } : null,
      },
      targets: targetsJson(),
      scenarios: reports,
      sweep,
      sweepChecks,
      targetResults: checkGroups.flatMap((g) => g.checks.filter((c) => c.kind === 'target').map((c) => ({ scenario: g.name, target: c.name, met: c.ok, detail: c.detail }))),
      markdownTable: renderMarkdownTable(tableRows(reports)),
      sweepMarkdownTable: sweep.length > 0 ? renderMarkdownTable(sweepTableRows(sweep)) : '',
      replicaLogs: { byKind: logKinds, first: replicaLogs.map((lines) => lines.slice(0, 5)) },
    };

    process.stdout.write(`\n${renderTable(tableRows(reports))}\n`);
    if (sweep.length > 0) process.stdout.write(`\nsweep (${opts.sweepDurationMs / 1000} s per point):\n${renderTable(sweepTableRows(sweep))}\n`);
    process.stdout.write(`\n${renderChecks(checkGroups)}\n`);
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
    const svg = renderSvg(reports, `${stamp(started)} · ${machine.nproc} cores · node ${machine.node} · MariaDB ${machine.mariadb} · ${opts.replicas} replicas · C=${opts.concurrency} · ${opts.durationMs / 1000} s`, {
      marks,
      sweep,
      sweepTitle: `sweep: ${sweepScenarios.join(' and ')} at ${SWEEP.replicas.join(', ')} replicas × ${SWEEP.concurrency.join(', ')} clients, ${opts.sweepDurationMs / 1000} s per point`,
      p99Target: { value: TARGETS.p99MsAt64Clients, label: `target ${TARGETS.p99MsAt64Clients} ms at 64` },
    });
    writeFileSync(`${RESULTS}${file}.json`, json);
    writeFileSync(`${RESULTS}latest.json`, json);
    writeFileSync(`${RESULTS}${file}.svg`, svg);
    writeFileSync(`${RESULTS}latest.svg`, svg);
    process.stdout.write(`results: bench/results/${file}.json, bench/results/${file}.svg (and latest.json, latest.svg)\n`);
    // A broken invariant, in a scenario or at a sweep point, fails the run; a missed target is only reported.
    if ([...reports, ...sweep].some((r) => r.checks.some((c) => !c.ok && c.kind === 'correctness'))) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
