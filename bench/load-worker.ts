import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import mysql from 'mysql2/promise';
import { connectionSettings, serviceDbOptions, sessionStatements } from '../src/db/database.js';
import { idToBytes, newId } from '../src/db/ids.js';
import { newOrderSn } from '../src/orders/order-sn.js';
import { signatureHeader } from '../src/payments/signature.js';
import type { BookJob, BurstJob, FromWorker, Job, OpStats, PayJob, People, SqlJob, ToWorker, WorkerResult } from './protocol.js';
import { setTimeout as sleep } from 'node:timers/promises';

const CONTACT = { contactName: 'Bench Traveller', contactPhone: '+86 138 0000 0000' };

function send(message: FromWorker): void {
  process.send?.(message);
}

/** Per-operation latencies and response codes, plus the few facts a scenario needs. */
class Recorder {
  readonly ops: Record<string, OpStats> = {};
  accepted = 0;
  lastAcceptedMs = 0;
  done = 0;
  samples: string[] = [];

  constructor(private readonly startAt: number) {}

  record(op: string, latencyMs: number, code: string): void {
    const stats = (this.ops[op] ??= { latenciesMs: [], codes: {} });
    stats.latenciesMs.push(latencyMs);
    stats.codes[code] = (stats.codes[code] ?? 0) + 1;
    this.done += 1;
  }

  accept(): void {
    this.accepted += 1;
    this.lastAcceptedMs = Date.now() - this.startAt;
  }

  sample(text: string): void {
    if (this.samples.length < 5) this.samples.push(text.slice(0, 300));
  }
}

type HttpAnswer = { status: number; body: string; retryAfter: number | undefined };

function httpCall(agent: Agent, base: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<HttpAnswer> {
  const u = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: body === undefined ? headers : { ...headers, 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const ra = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString(), retryAfter: ra === undefined ? undefined : Number(ra) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** "201", or "409 INSUFFICIENT_STOCK" for an error answer, or "ERR ECONNRESET" when no answer came. */
function codeOf(answer: HttpAnswer): string {
  if (answer.status < 300) return String(answer.status);
  try {
    const code = (JSON.parse(answer.body) as { error?: { code?: string } }).error?.code;
    return code ? `${answer.status} ${code}` : String(answer.status);
  } catch {
    return String(answer.status);
  }
}

/** One timed request: records its latency and code, never throws. */
async function timed(rec: Recorder, op: string, agent: Agent, base: string, method: string, path: string, headers: Record<string, string>, body?: string) {
  const t0 = performance.now();
  try {
    const answer = await httpCall(agent, base, method, path, headers, body);
    const code = codeOf(answer);
    rec.record(op, performance.now() - t0, code);
    if (answer.status >= 500) rec.sample(`${op} ${code}: ${answer.body}`);
    return { answer, code };
  } catch (err) {
    const code = `ERR ${(err as { code?: string }).code ?? (err as Error).message}`;
    rec.record(op, performance.now() - t0, code);
    rec.sample(`${op} ${code}`);
    return { answer: undefined, code };
  }
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)] as T;

function bookingBody(job: BookJob): string {
  const t = job.target;
  if (t.type === 'route') return JSON.stringify({ itemType: 'route', itemId: pick(t.routeIds), quantity: 1, ...CONTACT });
  const room = pick(t.rooms);
  const start = t.firstDayOffset + Math.floor(Math.random() * t.windowDays);
  const nights = 1 + Math.floor(Math.random() * t.maxNights);
  return JSON.stringify({ itemType: 'hotel', itemId: room.hotelId, roomTypeId: room.roomTypeId, checkIn: isoDay(start), checkOut: isoDay(start + nights), quantity: 1, ...CONTACT });
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const JWT_HEAD = b64({ alg: 'HS256', typ: 'JWT' });
let nextPerson = 0;
/** A new person: a token of their own (HS256, valid for a day), as the platform would give each of its users. */
function person(people: People): { Authorization: string } {
  nextPerson += 1;
  const body = b64({ sub: `${people.prefix}-${process.pid}-${nextPerson}`, exp: Math.floor(Date.now() / 1000) + 86_400 });
  const signature = createHmac('sha256', people.jwtSecret).update(`${JWT_HEAD}.${body}`).digest('base64url');
  return { Authorization: `Bearer ${JWT_HEAD}.${body}.${signature}` };
}
let nextUrl = 0;
/** Round-robin over replicas across all clients, like a load balancer. */
const rotate = (urls: string[]) => urls[nextUrl++ % urls.length] as string;

async function runBook(job: BookJob, rec: Recorder): Promise<void> {
  // One socket per client to each replica, and all of them kept between requests (the default keeps 256 idle).
  const agent = new Agent({ keepAlive: true, maxSockets: job.clients, maxFreeSockets: job.clients });
  const end = job.startAt + job.durationMs;
  const keyed = job.target.type === 'route' && job.target.keyed === true;
  const client = async () => {
    while (Date.now() < end) {
      const headers = person(job.people);
      const h = keyed ? { ...headers, 'Idempotency-Key': `bench-${randomUUID()}` } : headers;
      const { answer } = await timed(rec, 'book', agent, rotate(job.urls), 'POST', '/api/v1/orders', h, bookingBody(job));
      if (answer?.status === 201) rec.accept();
      else if (!answer) await sleep(10);
    }
  };
  await Promise.all(Array.from({ length: job.clients }, () => client()));
  agent.destroy();
}

async function runBurst(job: BurstJob, rec: Recorder): Promise<void> {
  // One socket per buyer: every request really is in flight at once.
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const body = JSON.stringify({ itemType: 'route', itemId: job.routeId, quantity: 1, ...CONTACT });
  const buyer = async (i: number) => {
    const headers = person(job.people);
    const base = job.urls[i % job.urls.length] as string;
    for (let attempt = 1; attempt <= job.maxAttempts; attempt += 1) {
      const { answer, code } = await timed(rec, 'book', agent, base, 'POST', '/api/v1/orders', headers, body);
      if (answer?.status === 201) return rec.accept();
      const retryable = code === '503 LOCK_BUSY' || code === '503 LEASE_EXPIRED' || !answer;
      if (!retryable) return;
      // Honour Retry-After with jitter, so retries do not arrive in one wave.
      await sleep((answer?.retryAfter ?? 1) * 1000 * (0.5 + Math.random()));
    }
  };
  await Promise.all(Array.from({ length: job.buyers }, (_, i) => buyer(i)));
  agent.destroy();
}

async function runPay(job: PayJob, rec: Recorder): Promise<{ paidOrders: string[]; freshNotOne: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.clients * job.deliveries });
  const end = job.startAt + job.durationMs;
  const paidOrders: string[] = [];
  let freshNotOne = 0;
  const deliver = async (base: string, body: string): Promise<boolean | undefined> => {
    // A provider retries a 409 (in progress) until it gets a final answer.
    for (let attempt = 1; attempt <= 20; attempt += 1) {
      const { answer } = await timed(rec, 'callback', agent, base, 'POST', '/api/v1/payments/callback', { 'Payment-Signature': signatureHeader(job.webhookSecret, body) }, body);
      if (answer?.status === 200) return !(JSON.parse(answer.body) as { duplicate?: boolean }).duplicate;
      if (answer && answer.status !== 409 && answer.status < 500) return undefined;
      await sleep(20 + Math.random() * 30);
    }
    return undefined;
  };
  const client = async (i: number) => {
    let turn = i;
    while (Date.now() < end) {
      // Each round is a person of its own: book, pay, and the provider's notice.
      const headers = person(job.people);
      const bookBody = JSON.stringify({ itemType: 'route', itemId: pick(job.routeIds), quantity: 1, ...CONTACT });
      const booked = await timed(rec, 'book', agent, rotate(job.urls), 'POST', '/api/v1/orders', headers, bookBody);
      if (booked.answer?.status !== 201) {
        if (!booked.answer) await sleep(10);
        continue;
      }
      const { orderSn } = JSON.parse(booked.answer.body) as { orderSn: string };
      const intent = await timed(rec, 'pay', agent, rotate(job.urls), 'POST', `/api/v1/orders/${orderSn}/pay`, headers);
      if (intent.answer?.status !== 201 && intent.answer?.status !== 200) continue;
      const { paymentId, amountCents } = JSON.parse(intent.answer.body) as { paymentId: string; amountCents: number };
      const body = JSON.stringify({ paymentId, orderSn, providerTxnId: `bench-${orderSn}`, amountCents, status: 'succeeded' });
      // The same notification, delivered several times at once, each copy to a different replica where there are enough.
      turn += 1;
      const outcomes = await Promise.all(Array.from({ length: job.deliveries }, (_, d) => deliver(job.urls[(turn + d) % job.urls.length] as string, body)));
      const fresh = outcomes.filter((o) => o === true).length;
      if (fresh !== 1) {
        freshNotOne += 1;
        rec.sample(`order ${orderSn}: ${fresh} deliveries answered duplicate:false (${JSON.stringify(outcomes)})`);
      }
      if (fresh >= 1) {
        paidOrders.push(orderSn);
        rec.accept();
      }
    }
  };
  await Promise.all(Array.from({ length: job.clients }, (_, i) => client(i)));
  agent.destroy();
  return { paidOrders, freshNotOne };
}

// The statements knex issues for a route booking (order-service → route-stock → order-repository), same order.
const SQL = {
  select: 'select `id`, `name`, `price_cents`, `group_size`, `sales_count` from `routes` where `id` = ? limit ?',
  order:
    'insert into `orders` (`contact_name`, `contact_phone`, `created_at`, `currency`, `expires_at`, `id`, `idempotency_key`, `order_sn`, `request_hash`, `status`, `total_cents`, `updated_at`, `user_id`) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  item:
    'insert into `order_items` (`check_in`, `check_out`, `item_id`, `item_name`, `item_type`, `nights`, `order_id`, `price_cents`, `quantity`, `room_type_id`, `subtotal_cents`, `visit_date`) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  reserve: 'update `routes` set `sales_count` = `sales_count` + ? where `id` = ? and sales_count + ? <= group_size',
};

type RouteRow = { id: number; name: string; price_cents: number; group_size: number; sales_count: number };

async function runSql(job: SqlJob, rec: Recorder): Promise<void> {
  const pool = mysql.createPool({
    ...connectionSettings(job.databaseUrl),
    connectionLimit: job.clients,
    dateStrings: ['DATE'],
    timezone: 'Z',
    supportBigNumbers: true,
    decimalNumbers: true,
    charset: 'utf8mb4',
  });
  // The same session statements the service's pool runs, for the default lease (LOCK_TTL_MS 5000).
  const session = sessionStatements(serviceDbOptions({ dbPoolMax: job.clients, lockTtlMs: 5000 }));
  const conns = await Promise.all(
    Array.from({ length: job.clients }, async () => {
      const c = await pool.getConnection();
      for (const sql of session.required) await c.query(sql);
      for (const sql of session.optional) await c.query(sql).catch(() => undefined);
      return c;
    }),
  );
  await sleep(Math.max(0, job.startAt - Date.now()));
  const end = job.startAt + job.durationMs;
  const client = async (conn: mysql.PoolConnection, i: number) => {
    const userId = `${job.userPrefix}-${process.pid}-${i}`;
    while (Date.now() < end) {
      const routeId = pick(job.routeIds);
      const t0 = performance.now();
      try {
        await conn.query('BEGIN;');
        const [rows] = await conn.query<Array<RouteRow & mysql.RowDataPacket>>(SQL.select, [routeId, 1]);
        const route = rows[0];
        if (!route || route.group_size - route.sales_count < 1) throw Object.assign(new Error('insufficient'), { code: 'INSUFFICIENT_STOCK' });
        const now = new Date();
        const id = idToBytes(newId());
        await conn.query(SQL.order, [CONTACT.contactName, CONTACT.contactPhone, now, 'CNY', new Date(now.getTime() + 900_000), id, null, newOrderSn(now), null, 'pending', route.price_cents, now, userId]);
        await conn.query(SQL.item, [null, null, route.id, route.name, 'route', null, id, route.price_cents, 1, null, route.price_cents, null]);
        const [res] = await conn.query<mysql.ResultSetHeader>(SQL.reserve, [1, route.id, 1]);
        if (res.affectedRows !== 1) throw Object.assign(new Error('insufficient'), { code: 'INSUFFICIENT_STOCK' });
        await conn.query('COMMIT;');
        rec.record('txn', performance.now() - t0, 'COMMIT');
        rec.accept();
      } catch (err) {
        await conn.query('ROLLBACK;').catch(() => undefined);
        const code = (err as { code?: string }).code ?? 'ERROR';
        rec.record('txn', performance.now() - t0, `ROLLBACK ${code}`);
        if (code !== 'INSUFFICIENT_STOCK') rec.sample(`txn ${code}: ${(err as Error).message}`);
      }
    }
  };
  await Promise.all(conns.map((c, i) => client(c, i)));
  for (const c of conns) c.release();
  await pool.end();
}

async function run(job: Job): Promise<WorkerResult> {
  const rec = new Recorder(job.startAt);
  const progress = setInterval(() => send({ type: 'progress', done: rec.done, accepted: rec.accepted }), 200);
  let cpu0 = process.cpuUsage();
  let extra: Partial<WorkerResult> = {};
  try {
    if (job.kind === 'sql') {
      // The pool connects before startAt; the CPU clock starts with the load.
      const started = runSql(job, rec);
      await sleep(Math.max(0, job.startAt - Date.now()));
      cpu0 = process.cpuUsage();
      await started;
    } else {
      await sleep(Math.max(0, job.startAt - Date.now()));
      cpu0 = process.cpuUsage();
      if (job.kind === 'book') await runBook(job, rec);
      else if (job.kind === 'burst') await runBurst(job, rec);
      else extra = await runPay(job, rec);
    }
  } finally {
    clearInterval(progress);
  }
  const cpu = process.cpuUsage(cpu0);
  return {
    primary: job.kind === 'sql' ? 'txn' : job.kind === 'pay' ? 'callback' : 'book',
    ops: rec.ops,
    accepted: rec.accepted,
    lastAcceptedMs: rec.lastAcceptedMs,
    wallMs: Date.now() - job.startAt,
    cpuMs: (cpu.user + cpu.system) / 1000,
    samples: rec.samples,
    ...extra,
  };
}

process.on('message', (message: ToWorker) => {
  if (message.type !== 'run') return;
  run(message.job).then(
    (result) => send({ type: 'result', result }),
    (err: unknown) => send({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
// The parent's disconnect (or death) ends this worker.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
