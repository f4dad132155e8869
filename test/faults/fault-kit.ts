import { expect } from 'chai';
import { Redis } from 'ioredis';
import type { Knex } from 'knex';
import { auditStock } from '../../src/inventory/stock-audit.js';
import type { RedisProcess } from '../../src/cluster/processes.js';
import { call, expectStockMatchesOrders, testDatabaseUrl, testDb, type Res } from '../support/harness.js';

import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };

/** A request that failed below HTTP (refused, reset, closed): the replica was gone or died mid-answer. */
export type ConnectionFailure = { failed: true; cause: string };
export const isConnectionFailure = (r: Res | ConnectionFailure): r is ConnectionFailure => 'failed' in r;

/** Like `call`, but a connection-level failure comes back as a value with its cause code instead of throwing. */
export async function attempt(base: string, method: string, path: string, opts: Parameters<typeof call>[3] = {}): Promise<Res | ConnectionFailure> {
  try {
    return await call(base, method, path, opts);
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { failed: true, cause: cause?.code ?? cause?.message ?? (err as Error).message };
  }
}

/**
 * What one fault file did, for its one-line summary: requests sent, faults injected, and the catalogue items
 * it made, whose orders and units the invariant checks at the end of every case.
 */
export class FaultTally {
  requests = 0;
  connectionFailures = 0;
  faults = 0;
  checks = 0;
  drift = 0;
  readonly routes = new Set<number>();
  readonly roomTypes = new Set<number>();
  readonly spots = new Set<number>();

  /** `db`: the database the checks read, this run's test database unless a file runs its own server. */
  constructor(readonly file: string, private readonly db: () => Knex = testDb) {}

  /** The invariant (stock equals live orders, nothing out of bounds) over the whole database, and its drift count. */
  async check(): Promise<void> {
    this.checks += 1;
    const drift = await auditStock(this.db());
    this.drift += drift.length;
    await expectStockMatchesOrders(this.db());
  }

  /** Orders (any status) and units sold on this file's items. */
  async counts(): Promise<{ orders: number; liveOrders: number; units: number }> {
    const ids = (s: Set<number>) => (s.size > 0 ? [...s] : [0]);
    const db = this.db();
    const [[o]] = await db.raw(
      `SELECT COUNT(DISTINCT o.id) AS orders, COUNT(DISTINCT CASE WHEN o.status IN ('pending', 'paid') THEN o.id END) AS live
         FROM orders o JOIN order_items oi ON oi.order_id = o.id
        WHERE (oi.item_type = 'route' AND oi.item_id IN (?)) OR (oi.item_type = 'hotel' AND oi.room_type_id IN (?))
           OR (oi.item_type = 'scenic' AND oi.item_id IN (?))`,
      [ids(this.routes), ids(this.roomTypes), ids(this.spots)],
    );
    const [[u]] = await db.raw(
      `SELECT (SELECT COALESCE(SUM(sales_count), 0) FROM routes WHERE id IN (?))
            + (SELECT COALESCE(SUM(sold), 0) FROM room_nights WHERE room_type_id IN (?))
            + (SELECT COALESCE(SUM(sold), 0) FROM scenic_days WHERE scenic_spot_id IN (?)) AS units`,
      [ids(this.routes), ids(this.roomTypes), ids(this.spots)],
    );
    return { orders: Number(o.orders), liveOrders: Number(o.live), units: Number(u.units) };
  }

  async summary(extra = ''): Promise<string> {
    const c = await this.counts();
    const line =
      `[faults/${this.file}] requests sent ${this.requests} (${this.connectionFailures} failed at the connection), ` +
      `faults injected ${this.faults}, orders checked ${c.orders} (${c.liveOrders} live), units checked ${c.units}, ` +
      `invariant checks ${this.checks}, drift found ${this.drift}${extra ? `; ${extra}` : ''}\n`;
    process.stdout.write(line);
    return line;
  }
}

export function databaseName(): string {
  return new URL(testDatabaseUrl()).pathname.replace(/^\//, '');
}

/**
 * Connection ids of transactions open in this run's database whose connection sits idle between statements
 * for at least `idleMs`. INNODB_TRX is a cache MariaDB refreshes only when it was last read over 0.1 s ago,
 * so poll this no faster than every 150 ms.
 */
export async function idleTransactions(idleMs = 50): Promise<number[]> {
  const [rows] = await testDb().raw(
    `SELECT t.trx_mysql_thread_id AS id FROM information_schema.INNODB_TRX t JOIN information_schema.PROCESSLIST p ON p.ID = t.trx_mysql_thread_id
      WHERE p.DB = ? AND p.ID <> CONNECTION_ID() AND p.COMMAND = 'Sleep' AND p.TIME_MS >= ?`,
    [databaseName(), idleMs],
  );
  return (rows as Array<{ id: number }>).map((r) => Number(r.id));
}

/** Connection ids in this run's database running a statement whose text matches `statement` (PROCESSLIST is live). */
export async function runningStatements(statement: RegExp): Promise<number[]> {
  const [rows] = await testDb().raw(
    "SELECT ID AS id, INFO AS info FROM information_schema.PROCESSLIST WHERE DB = ? AND ID <> CONNECTION_ID() AND COMMAND = 'Query'",
    [databaseName()],
  );
  return (rows as Array<{ id: number; info: string | null }>).filter((r) => statement.test(r.info ?? '')).map((r) => Number(r.id));
}

/** Polls until `probe` returns a value, at most `tries` times `everyMs` apart. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, { tries = 200, everyMs = 20 } = {}): Promise<T | undefined> {
  for (let i = 0; i < tries; i += 1) {
    const v = await probe();
    if (v !== undefined) return v;
    await sleep(everyMs);
  }
  return undefined;
}

/** The value and remaining TTL of one lease key on each master (null where it is absent or the master is down). */
export async function leaseOnMasters(masters: readonly RedisProcess[], key: string): Promise<Array<{ value: string | null; pttl: number } | null>> {
  return Promise.all(
    masters.map(async (m) => {
      const c = new Redis(m.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, commandTimeout: 500 });
      c.on('error', () => undefined);
      try {
        await c.connect();
        const [value, pttl] = await Promise.all([c.get(key), c.pttl(key)]);
        return { value, pttl };
      } catch {
        return null;
      } finally {
        c.disconnect();
      }
    }),
  );
}

/** Counts of every table a refused request must not touch, and the stock sums. */
export async function dbSnapshot(): Promise<Record<string, number>> {
  const [[row]] = await testDb().raw(
    `SELECT (SELECT COUNT(*) FROM orders) AS orders,
            (SELECT COUNT(*) FROM orders WHERE status = 'pending') AS pending,
            (SELECT COUNT(*) FROM orders WHERE status = 'paid') AS paid,
            (SELECT COUNT(*) FROM orders WHERE status = 'cancelled') AS cancelled,
            (SELECT COUNT(*) FROM orders WHERE status = 'expired') AS expired,
            (SELECT COUNT(*) FROM order_items) AS orderItems,
            (SELECT COUNT(*) FROM payments) AS payments,
            (SELECT COUNT(*) FROM payment_intents) AS paymentIntents,
            (SELECT COALESCE(SUM(sales_count), 0) FROM routes) AS routeSold,
            (SELECT COUNT(*) FROM room_nights) AS roomNights,
            (SELECT COALESCE(SUM(sold), 0) FROM room_nights) AS nightsSold,
            (SELECT COUNT(*) FROM scenic_days) AS scenicDays,
            (SELECT COALESCE(SUM(sold), 0) FROM scenic_days) AS ticketsSold`,
  );
  return Object.fromEntries(Object.entries(row as Record<string, unknown>).map(([k, v]) => [k, Number(v)]));
}

/** Exact checksums of the tables, for the before/after of a whole batch. */
export async function tableChecksums(): Promise<Record<string, string>> {
  const [rows] = await testDb().raw('CHECKSUM TABLE orders, order_items, payments, payment_intents, routes, room_nights, scenic_days');
  return Object.fromEntries((rows as Array<{ Table: string; Checksum: unknown }>).map((r) => [r.Table.split('.').pop() as string, String(r.Checksum)]));
}

export function expectStatus(res: Res | ConnectionFailure, status: number, code?: string): void {
  expect(isConnectionFailure(res), JSON.stringify(res)).to.equal(false);
  const r = res as Res;
  expect(r.status, r.text).to.equal(status);
  if (code) expect(r.body?.error?.code, r.text).to.equal(code);
}
