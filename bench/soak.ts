import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Knex } from 'knex';
import { spawnReplica, startRedis, stopAllChildren, type RedisProcess, type Replica } from '../src/cluster/processes.js';
import { loadConfig } from '../src/config.js';
import { createDb, dropDatabase, ensureDatabase, migrateLatest } from '../src/db/database.js';
import { createAuthenticator } from '../src/http/auth.js';
import { auditStock, countOversoldRows } from '../src/inventory/stock-audit.js';
import { signatureHeader } from '../src/payments/signature.js';

/**
 * `npm run soak -- --minutes 10`: a small cluster under mixed load (bookings, payments, cancellations, reads) for a long
 * while, with faults (a lock master restarted, a replica killed and started again), and what each replica holds (memory,
 * open handles and descriptors, its MySQL pool) at the start and at the end, with a verdict on their growth. It ends
 * with the invariant check and the orders against what the clients were told. Not part of `npm test`.
 */

const USAGE = `usage: npm run soak -- [options]
  --minutes M     how long the load runs (default 10)
  --replicas N    replicas as OS processes (default 3; replica 2 is the one killed and started again)
  --clients C     concurrent clients (default 8)
  --keep-db       keep the soak database afterwards
  -h, --help`;

const LOCK_TTL_MS = 2000;
const DB_POOL_MAX = 10;
// Orders left unpaid expire within the run, so the expiry sweep works too.
const ORDER_TTL_SECONDS = 45;
const MIB = 1024 * 1024;

function options() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '10' },
      replicas: { type: 'string', default: '3' },
      clients: { type: 'string', default: '8' },
      'keep-db': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const num = (name: string, v: string, min: number, max: number) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  return {
    durationMs: Math.round(num('minutes', values.minutes, 0.5, 600) * 60_000),
    replicas: Math.round(num('replicas', values.replicas, 2, 8)),
    clients: Math.round(num('clients', values.clients, 1, 256)),
    keepDb: values['keep-db'],
  };
}

type Res = { status: number; body: any; headers: Headers };
type Answer = Res | { failed: string };
const failed = (a: Answer): a is { failed: string } => 'failed' in a;

async function request(base: string, method: string, path: string, opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers['Authorization'] = `Bearer ${opts.token}`;
  let body: string | undefined = opts.raw;
  if (body === undefined && opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['Content-Type'] ??= 'application/json';
  try {
    const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(30_000) });
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, body: parsed, headers: res.headers };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return { failed: cause?.code ?? (err as Error).name };
  }
}

/** One replica's readings: from its /metrics (prom-client's process and Node.js series, and the pool gauges) and /proc. */
type Reading = { at: number; rssMiB: number; heapUsedMiB: number; openFds: number; activeHandles: number; poolOpen: number; poolInUse: number; poolPending: number };

async function read(replica: Replica): Promise<Reading | undefined> {
  const text = await fetch(`${replica.url}/metrics`, { signal: AbortSignal.timeout(5000) }).then((r) => (r.ok ? r.text() : ''), () => '');
  if (!text) return undefined;
  const value = (name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  let rss = value('process_resident_memory_bytes');
  try {
    rss = Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${replica.pid}/status`, 'utf8'))?.[1]) * 1024;
  } catch {
    // /proc not readable: keep the metric.
  }
  return {
    at: Date.now(),
    rssMiB: rss / MIB,
    heapUsedMiB: value('nodejs_heap_size_used_bytes') / MIB,
    openFds: value('process_open_fds'),
    activeHandles: value('nodejs_active_handles_total'),
    poolOpen: value('db_pool_connections_open'),
    poolInUse: value('db_pool_connections_in_use'),
    poolPending: value('db_pool_acquires_pending'),
  };
}

/** Least-squares slope of y over x (per minute of x in ms). */
function slopePerMinute(points: Array<{ x: number; y: number }>): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, p) => a + p.x, 0) / n;
  const my = points.reduce((a, p) => a + p.y, 0) / n;
  const num = points.reduce((a, p) => a + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((a, p) => a + (p.x - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}

type Told = { user: string; sn: string; paid: boolean; cancelled: boolean };

async function main(): Promise<void> {
  const opts = options();
  const runId = `${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
  const serverUrl = new URL(process.env['DATABASE_URL'] ?? 'mysql://root@127.0.0.1:3306');
  serverUrl.pathname = `/travel_orders_soak_${runId}`;
  const databaseUrl = serverUrl.toString();
  const say = (line: string) => process.stderr.write(`soak: ${new Date().toISOString().slice(11, 19)} ${line}\n`);
  let db: Knex | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await stopAllChildren();
    await db?.destroy().catch(() => undefined);
    if (!opts.keepDb) await dropDatabase(databaseUrl).catch((err: unknown) => say(`could not drop ${databaseUrl}: ${String(err)}`));
    else say(`kept database ${databaseUrl}`);
  };
  process.stdout.on('error', () => undefined);
  process.once('SIGINT', () => {
    say('interrupted; stopping replicas and Redis masters');
    void cleanup().finally(() => process.exit(130));
  });

  try {
    say(`database ${databaseUrl}; ${opts.durationMs / 60_000} min, ${opts.replicas} replicas, 3 lock masters, ${opts.clients} clients`);
    await ensureDatabase(databaseUrl);
    db = createDb(databaseUrl, { poolMax: 3 });
    await migrateLatest(db);
    const masters: RedisProcess[] = [];
    for (let i = 0; i < 3; i += 1) masters.push(await startRedis());
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      SEED_DEMO: '0',
      SHUTDOWN_DELAY_MS: '0',
      DATABASE_URL: databaseUrl,
      REDIS_URLS: masters.map((m) => m.url).join(','),
      REDIS_KEY_PREFIX: `soak:${runId}:`,
      LOCK_TTL_MS: String(LOCK_TTL_MS),
      DB_POOL_MAX: String(DB_POOL_MAX),
      ORDER_TTL_SECONDS: String(ORDER_TTL_SECONDS),
      EXPIRY_SWEEP_INTERVAL_MS: '2000',
      RATE_LIMIT_USER_PER_MINUTE: '0',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '0',
      MAX_PENDING_UNITS_PER_ITEM: '1000000',
      MAX_PENDING_ORDERS_PER_USER: '1000000',
    };
    const config = loadConfig({ ...process.env, ...env });
    const replicas: Replica[] = await Promise.all(Array.from({ length: opts.replicas }, () => spawnReplica(env)));
    const victim = opts.replicas - 1;
    const urls = replicas.map((r) => r.url);
    const auth = createAuthenticator(config.jwtSecret);
    const admin = await auth.issue(`soak-admin-${runId}`, { admin: true });
    const make = async (path: string, body: unknown) => {
      const r = await request(urls[0] as string, 'POST', path, { token: admin, body });
      if (failed(r) || r.status !== 201) throw new Error(`${path}: ${JSON.stringify(r)}`);
      return r.body as { id: number };
    };
    const routes: Array<{ id: number }> = [];
    for (let i = 0; i < 10; i += 1) routes.push(await make('/api/v1/admin/routes', { name: `Soak route ${i}`, priceCents: 100_00, groupSize: i < 2 ? 40 : 1_000_000 }));
    const rooms: Array<{ hotelId: number; roomTypeId: number }> = [];
    for (let h = 0; h < 2; h += 1) {
      const hotel = await make('/api/v1/admin/hotels', { name: `Soak hotel ${h}` });
      for (let t = 0; t < 2; t += 1) rooms.push({ hotelId: hotel.id, roomTypeId: (await make(`/api/v1/admin/hotels/${hotel.id}/room-types`, { name: `Room ${t}`, priceCents: 300_00, totalRooms: t === 0 ? 5 : 100_000 })).id });
    }
    const spots: Array<{ id: number }> = [];
    for (let s = 0; s < 3; s += 1) spots.push(await make('/api/v1/admin/scenic-spots', { name: `Soak spot ${s}`, ticketPriceCents: 50_00, dailyQuota: s === 0 ? 30 : null }));
    const day = (ahead: number) => new Date(Date.now() + ahead * 86_400_000).toISOString().slice(0, 10);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;

    // Every answer counted; a 5xx that is not a 503 with a reason, or a connection dropped by a live replica, is a failure.
    const answers = new Map<string, number>();
    const droppedBy = new Map<number, number>();
    const note = (op: string, a: Answer, replica: number) => {
      if (failed(a)) droppedBy.set(replica, (droppedBy.get(replica) ?? 0) + 1);
      const k = `${op} ${failed(a) ? `conn ${a.failed}` : a.status >= 400 ? `${a.status} ${a.body?.error?.code ?? ''}`.trim() : a.status}`;
      answers.set(k, (answers.get(k) ?? 0) + 1);
    };
    const told: Told[] = [];
    const state = { stop: false, victimDown: false };
    let sequence = 0;
    /** Sends until the answer is final: a connection failure or a 503 goes again to the next replica, with the same key. */
    const until = async (op: string, start: number, send: (base: string) => Promise<Answer>): Promise<Answer> => {
      let a: Answer = { failed: 'not sent' };
      for (let k = 0; k < 600; k += 1) {
        const r = (start + k) % urls.length;
        a = await send(urls[r] as string);
        note(op, a, r);
        const retry = failed(a) || a.status === 503 || (a.status === 409 && ['IDEMPOTENCY_KEY_IN_USE', 'CALLBACK_IN_PROGRESS'].includes(a.body?.error?.code));
        if (!retry) return a;
        await sleep(50 + Math.random() * 100);
      }
      return a;
    };

    const client = async (c: number) => {
      const user = `soak-${runId}-${c}`;
      const token = await auth.issue(user);
      const mine: Told[] = [];
      while (!state.stop) {
        const n = (sequence += 1);
        const roll = Math.random();
        if (roll < 0.5 || mine.length === 0) {
          const kind = Math.random();
          const body =
            kind < 0.5
              ? { itemType: 'route', itemId: pick(routes).id, quantity: 1 + (n % 2) }
              : kind < 0.75
                ? (() => {
                    const r = pick(rooms);
                    const from = 20 + Math.floor(Math.random() * 20);
                    return { itemType: 'hotel', itemId: r.hotelId, roomTypeId: r.roomTypeId, checkIn: day(from), checkOut: day(from + 1 + (n % 3)), quantity: 1 };
                  })()
                : { itemType: 'scenic', itemId: pick(spots).id, visitDate: day(20 + (n % 10)), quantity: 1 + (n % 3) };
          const key = randomUUID();
          const a = await until('book', n, (base) => request(base, 'POST', '/api/v1/orders', { token, body: { contactName: 'Soak', contactPhone: '+86 138 0000 0000', ...body }, headers: { 'Idempotency-Key': key } }));
          if (!failed(a) && a.status === 201) {
            const t: Told = { user, sn: a.body.orderSn as string, paid: false, cancelled: false };
            told.push(t);
            mine.push(t);
            if (mine.length > 50) mine.shift();
            if (Math.random() < 0.4) {
              const intent = await until('pay', n, (base) => request(base, 'POST', `/api/v1/orders/${t.sn}/pay`, { token, headers: { 'Idempotency-Key': `${key}-pay` } }));
              if (!failed(intent) && intent.status < 300) {
                const raw = JSON.stringify({ paymentId: intent.body.paymentId, orderSn: t.sn, providerTxnId: `txn_${randomUUID()}`, amountCents: intent.body.amountCents, status: 'succeeded' });
                const cb = await until('callback', n + 1, (base) => request(base, 'POST', '/api/v1/payments/callback', { raw, headers: { 'Payment-Signature': signatureHeader(config.paymentWebhookSecret, raw) } }));
                if (!failed(cb) && cb.status === 200 && cb.body?.orderStatus === 'paid') t.paid = true;
              }
            }
          }
        } else if (roll < 0.6) {
          const t = pick(mine);
          const a = await until('cancel', n, (base) => request(base, 'POST', `/api/v1/orders/${t.sn}/cancel`, { token }));
          if (!failed(a) && a.status === 200) t.cancelled = true;
        } else {
          const what = Math.random();
          if (what < 0.4) await until('read', n, (base) => request(base, 'GET', `/api/v1/orders/${pick(mine).sn}`, { token }));
          else if (what < 0.6) await until('read', n, (base) => request(base, 'GET', '/api/v1/orders?limit=20', { token }));
          else if (what < 0.8) await until('read', n, (base) => request(base, 'GET', `/api/v1/routes/${pick(routes).id}`));
          else await until('read', n, (base) => request(base, 'GET', `/api/v1/room-types/${pick(rooms).roomTypeId}/availability?checkIn=${day(20)}&checkOut=${day(30)}`));
        }
        await sleep(20 + Math.random() * 30);
      }
    };

    const started = Date.now();
    const clients = Array.from({ length: opts.clients }, (_, c) => client(c));
    // Readings every 10 s; the first after a warm-up of 30 s (or a tenth of a short run).
    const warmupMs = Math.min(30_000, opts.durationMs / 10);
    const readings: Array<Array<Reading & { pid: number }>> = replicas.map(() => []);
    const sample = async () => {
      for (const [i, r] of replicas.entries()) {
        if (i === victim && state.victimDown) continue;
        const reading = await read(r);
        if (reading) (readings[i] as Array<Reading & { pid: number }>).push({ ...reading, pid: r.pid });
      }
    };
    const faults: string[] = [];
    const faultEveryMs = Math.max(20_000, Math.min(60_000, opts.durationMs / 12));
    const faulting = (async () => {
      await sleep(warmupMs);
      await sample();
      let next = started + warmupMs + faultEveryMs;
      let nextSample = Date.now() + 10_000;
      let k = 0;
      while (Date.now() - started < opts.durationMs) {
        await sleep(500);
        if (Date.now() >= nextSample) {
          await sample();
          nextSample += 10_000;
        }
        if (Date.now() < next || Date.now() - started > opts.durationMs - 15_000) continue;
        next += faultEveryMs;
        if (k % 2 === 0) {
          // A master restarted as the lock tier restarts one: down, then back only after every lease it knew has expired.
          const m = masters[(k / 2) % masters.length] as RedisProcess;
          await m.stop();
          await sleep(LOCK_TTL_MS + 500);
          await m.start();
          faults.push(`${Math.round((Date.now() - started) / 1000)} s: master ${m.port} restarted`);
        } else {
          const old = replicas[victim] as Replica;
          state.victimDown = true;
          process.kill(old.pid, 'SIGKILL');
          await old.exited;
          await sleep(1000);
          replicas[victim] = await spawnReplica(env, { port: old.port });
          state.victimDown = false;
          faults.push(`${Math.round((Date.now() - started) / 1000)} s: replica ${victim} killed (SIGKILL) and started again`);
        }
        say(faults[faults.length - 1] as string);
        k += 1;
      }
    })();
    await faulting;
    await sample();
    state.stop = true;
    await Promise.all(clients);
    const ranMs = Date.now() - started;
    say(`load stopped after ${(ranMs / 60_000).toFixed(1)} min; checking`);

    // The invariant, and the orders against what the clients were told.
    const drift = await auditStock(db);
    const oversold = await countOversoldRows(db);
    const rows: Array<{ user_id: string; order_sn: string; status: string }> = await db('orders').where('user_id', 'like', `soak-${runId}-%`).select('user_id', 'order_sn', 'status');
    const stored = new Map(rows.map((r) => [r.order_sn, r]));
    const toldSns = new Set(told.map((t) => t.sn));
    const lost = told.filter((t) => !stored.has(t.sn));
    const phantom = rows.filter((r) => !toldSns.has(r.order_sn));
    const paidWrong = told.filter((t) => t.paid && !t.cancelled && stored.get(t.sn)?.status !== 'paid');
    const statuses: Record<string, number> = {};
    for (const r of rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const [[payRow]] = (await db.raw('SELECT COUNT(*) AS n, COUNT(DISTINCT order_id) AS orders FROM payments WHERE status = ?', ['succeeded'])) as [[{ n: number; orders: number }]];
    const bad = [...answers.entries()].filter(([k]) => / 5\d\d/.test(k) && !/ 503 [A-Z_]+$/.test(k));
    const dropped = [...answers.entries()].filter(([k]) => k.includes(' conn '));

    const verdicts = readings.map((rs, i) => {
      const life = rs.filter((r) => r.pid === rs[rs.length - 1]?.pid);
      const first = life[0];
      const last = life[life.length - 1];
      if (!first || !last) return { replica: i, note: 'no readings', bounded: false };
      const span = last.at - first.at;
      const firstHalf = life.filter((r) => r.at <= first.at + span / 2);
      const secondHalf = life.filter((r) => r.at >= first.at + span / 2);
      const lastQuarter = life.filter((r) => r.at >= first.at + (span * 3) / 4);
      const rssSlope = slopePerMinute(secondHalf.map((r) => ({ x: r.at, y: r.rssMiB })));
      const heapSlope = slopePerMinute(secondHalf.map((r) => ({ x: r.at, y: r.heapUsedMiB })));
      // Garbage comes and goes between collections; a leak raises the floor. The last quarter's lowest reading may not
      // pass the first half's lowest by more than 16 MiB or 10% (RSS), 8 MiB or 10% (heap in use).
      const floor = (rs: Reading[], k: 'rssMiB' | 'heapUsedMiB') => Math.min(...rs.map((r) => r[k]));
      const firstPeak = floor(firstHalf, 'rssMiB');
      const lastPeak = floor(lastQuarter, 'rssMiB');
      const heapFirst = floor(firstHalf, 'heapUsedMiB');
      const heapLast = floor(lastQuarter, 'heapUsedMiB');
      const checks = {
        rss: lastPeak <= firstPeak + Math.max(16, firstPeak * 0.1),
        heap: heapLast <= heapFirst + Math.max(8, heapFirst * 0.1),
        fds: last.openFds <= first.openFds + 20,
        handles: last.activeHandles <= first.activeHandles + 20,
        pool: Math.max(...life.map((r) => r.poolOpen)) <= DB_POOL_MAX,
      };
      return {
        replica: i,
        restarted: i === victim && faults.some((f) => f.includes('replica')),
        minutesObserved: span / 60_000,
        first,
        last,
        rssSlopeMiBPerMin: rssSlope,
        rssFloorFirstHalfMiB: firstPeak,
        rssFloorLastQuarterMiB: lastPeak,
        heapFloorFirstHalfMiB: heapFirst,
        heapFloorLastQuarterMiB: heapLast,
        heapSlopeMiBPerMin: heapSlope,
        checks,
        bounded: Object.values(checks).every(Boolean),
      };
    });

    const fmt = (r: Reading) =>
      `RSS ${r.rssMiB.toFixed(1)} MiB, heap ${r.heapUsedMiB.toFixed(1)} MiB, fds ${r.openFds}, handles ${r.activeHandles}, pool ${r.poolOpen} open / ${r.poolInUse} in use / ${r.poolPending} waiting`;
    const out: string[] = [];
    out.push(`soak: ${(ranMs / 60_000).toFixed(1)} min, ${opts.replicas} replicas, 3 lock masters, ${opts.clients} clients; ${faults.length} faults:`);
    for (const f of faults) out.push(`  ${f}`);
    out.push('answers:');
    for (const [k, n] of [...answers.entries()].sort()) out.push(`  ${String(n).padStart(8)}  ${k}`);
    out.push('replicas (first reading after the warm-up, or after the last restart; last reading at the end):');
    for (const v of verdicts) {
      if (!('first' in v) || !v.first || !v.last) {
        out.push(`  replica ${v.replica}: no readings`);
        continue;
      }
      out.push(`  replica ${v.replica}${v.restarted ? ' (killed and restarted; since its last start)' : ''}, ${v.minutesObserved.toFixed(1)} min observed:`);
      out.push(`    start: ${fmt(v.first)}`);
      out.push(`    end:   ${fmt(v.last)}`);
      out.push(`    lowest RSS ${v.rssFloorFirstHalfMiB.toFixed(1)} MiB in the first half, ${v.rssFloorLastQuarterMiB.toFixed(1)} MiB in the last quarter; lowest heap ${v.heapFloorFirstHalfMiB.toFixed(1)} → ${v.heapFloorLastQuarterMiB.toFixed(1)} MiB; over the second half RSS ${v.rssSlopeMiBPerMin.toFixed(2)} MiB/min, heap ${v.heapSlopeMiBPerMin.toFixed(2)} MiB/min; ${v.bounded ? 'growth bounded' : `NOT bounded (${Object.entries(v.checks).filter(([, ok]) => !ok).map(([k]) => k).join(', ')})`}`);
    }
    out.push(`orders: ${told.length} told to clients, ${rows.length} stored (${JSON.stringify(statuses)}), lost ${lost.length}, phantom ${phantom.length}, paid but not paid ${paidWrong.length}; ${payRow.n} succeeded payments on ${payRow.orders} orders`);
    out.push(`invariant: drift ${drift.length}, oversold rows ${oversold}; 5xx other than 503: ${bad.reduce((a, [, n]) => a + n, 0)}; dropped connections ${dropped.reduce((a, [, n]) => a + n, 0)} (by replica: ${JSON.stringify(Object.fromEntries(droppedBy))}; replica ${victim} is the one killed)`);
    const longLived = verdicts.filter((v) => 'restarted' in v && !v.restarted);
    const droppedByLive = [...droppedBy.entries()].filter(([r]) => r !== victim).reduce((a, [, n]) => a + n, 0);
    const ok = droppedByLive === 0 && drift.length === 0 && oversold === 0 && lost.length === 0 && phantom.length === 0 && paidWrong.length === 0 && bad.length === 0 && longLived.every((v) => v.bounded);
    out.push(`verdict: ${ok ? 'PASS' : 'FAIL'} (growth ${longLived.every((v) => v.bounded) ? 'bounded' : 'NOT bounded'} on the replicas that ran throughout; invariant ${drift.length === 0 && oversold === 0 ? 'holds' : 'BROKEN'}; lost ${lost.length}, phantom ${phantom.length})`);
    process.stdout.write(`${out.join('\n')}\n`);

    const dir = fileURLToPath(new URL('../../bench/results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      `${dir}soak-latest.json`,
      `${JSON.stringify({ startedAt: new Date(started).toISOString(), minutes: ranMs / 60_000, options: opts, faults, answers: Object.fromEntries(answers), verdicts, readings, orders: { told: told.length, stored: rows.length, statuses, lost: lost.length, phantom: phantom.length, paidWrong: paidWrong.length }, invariant: { drift: drift.length, oversold }, ok }, null, 2)}\n`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await cleanup();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
