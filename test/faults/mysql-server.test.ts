import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Knex } from 'knex';
import type { Replica } from '../../src/cluster/processes.js';
import { createDb, ensureDatabase, migrateLatest } from '../../src/db/database.js';
import { call, contact, futureDate, newUser, range, tokenFor, type Res } from '../support/harness.js';
import { useCluster } from '../support/cluster.js';
import { startMariadb, type MariadbServer } from '../support/mariadb-server.js';
import { FaultTally, attempt, isConnectionFailure, sleep, waitFor, type ConnectionFailure } from './fault-kit.js';

let server: MariadbServer | undefined;
let db: Knex | undefined;
let databaseUrl = '';
const ownDb = (): Knex => {
  if (!db) throw new Error('the suite has not started its MariaDB');
  return db;
};
const tally = new FaultTally('mysql-server', ownDb);

const WORKERS = 8;
/** Answers a keyed booking may get while the database is away; anything else (a 500 above all) fails the test. */
const ALLOWED = ['201', '503 DATABASE_UNAVAILABLE', '409 IDEMPOTENCY_KEY_IN_USE', '503 LOCK_BUSY', '503 LEASE_EXPIRED'];

type Attempt = { phase: string; ended: string; replica: number; outcome: string; replayed: boolean };
type Booking = { user: string; key: string; attempts: Attempt[]; orderSn?: string };

/**
 * The MySQL server itself dies (SIGKILL) under keyed booking load and comes back on the same port and data directory,
 * after InnoDB's crash recovery. It is a mariadbd of this file's own (its own --datadir in a temp dir), never the shared
 * one. Every client retries its booking with the same Idempotency-Key until it gets a final answer.
 */
describe('faults: the MySQL server SIGKILLed and restarted under keyed booking load (own mariadbd, 2 replicas, 1 master)', function () {
  this.timeout(240_000);
  before(async function () {
    this.timeout(180_000);
    server = await startMariadb();
    databaseUrl = `${server.url}/travel_orders_crash`;
    await ensureDatabase(databaseUrl);
    // Its connections die with the server; knex would say so on the console.
    const quiet = { warn: () => undefined, error: () => undefined, debug: () => undefined };
    db = createDb(databaseUrl, { poolMax: 3, log: quiet });
    await migrateLatest(db);
  });
  const cluster = useCluster(() => ({ masters: 1, replicas: 2, env: { DATABASE_URL: databaseUrl } }), { afterStop: () => tally.summary() });
  after(async () => {
    await db?.destroy();
    await server?.destroy();
  });
  afterEach(async () => tally.check());

  const outcome = (r: Res | ConnectionFailure) => (isConnectionFailure(r) ? `conn ${r.cause}` : r.status < 300 ? String(r.status) : `${r.status} ${r.body?.error?.code}`);

  it('replicas answer 503 (never 500) while it is down, recover without a restart, and every client ends with exactly the one order it was told of', async () => {
    const s = server as MariadbServer;
    const route = await cluster.cat.aRoute({ groupSize: 1_000_000 });
    const spot = await cluster.cat.aScenicSpot({ dailyQuota: null });
    tally.routes.add(route.id);
    tally.spots.add(spot.id);
    const users = range(WORKERS).map(() => newUser('mysql-crash'));
    const tokens = await Promise.all(users.map((u) => tokenFor(u)));
    const pids = cluster.replicas.map((r) => r.pid);

    const state = { phase: 'up', stop: false };
    const bookings: Booking[] = [];
    const reads: Array<{ phase: string; outcome: string }> = [];
    const readiness: Array<{ phase: string; status: number }> = [];
    const send = async (replica: number, method: string, path: string, opts: Parameters<typeof attempt>[3]) => {
      tally.requests += 1;
      const r = await attempt(cluster.urls[replica] as string, method, path, opts);
      if (isConnectionFailure(r)) tally.connectionFailures += 1;
      return r;
    };

    // Each worker books, one keyed booking after another; an attempt that is not final is retried with its key, on the other replica.
    const workers = range(WORKERS).map(async (w) => {
      for (let n = 0; !state.stop; n += 1) {
        const b: Booking = { user: users[w] as string, key: `crash-${w}-${n}-${randomUUID()}`, attempts: [] };
        bookings.push(b);
        const body = n % 2 === 0
          ? { ...contact, itemType: 'route', itemId: route.id, quantity: 1 + (n % 3) }
          : { ...contact, itemType: 'scenic', itemId: spot.id, visitDate: futureDate(40 + (n % 4)), quantity: 1 };
        for (let k = 0; k < 400; k += 1) {
          const replica = (w + k) % 2;
          const phase = state.phase;
          const r = await send(replica, 'POST', '/api/v1/orders', { token: tokens[w] as string, body, headers: { 'Idempotency-Key': b.key } });
          const o = outcome(r);
          b.attempts.push({ phase, ended: state.phase, replica, outcome: o, replayed: !isConnectionFailure(r) && r.headers.get('idempotent-replayed') === 'true' });
          if (o === '201') {
            b.orderSn = (r as Res).body.orderSn as string;
            break;
          }
          if (!ALLOWED.includes(o)) break;
          await sleep(100 + Math.random() * 100);
        }
        await sleep(10);
      }
    });
    // Reads and readiness go on beside the bookings.
    const watcher = (async () => {
      for (let i = 0; !state.stop; i += 1) {
        const phase = state.phase;
        reads.push({ phase, outcome: outcome(await send(i % 2, 'GET', `/api/v1/routes/${route.id}`, {})) });
        const ready = await send(i % 2, 'GET', '/readyz', {});
        readiness.push({ phase, status: isConnectionFailure(ready) ? 0 : ready.status });
        await sleep(50);
      }
    })();

    let downFor = 0;
    let recoveredAfter = 0;
    try {
      await sleep(1500);
      state.phase = 'crashing';
      await s.crash();
      tally.faults += 1;
      const crashedAt = Date.now();
      state.phase = 'down';
      await sleep(2000);
      state.phase = 'restarting';
      await s.start();
      downFor = Date.now() - crashedAt;
      const ready = await waitFor(async () => ((await Promise.all(cluster.urls.map((u) => call(u, 'GET', '/readyz')))).every((r) => r.status === 200) ? true : undefined), { tries: 300, everyMs: 100 });
      expect(ready, 'both replicas ready again, without a restart').to.equal(true);
      recoveredAfter = Date.now() - crashedAt;
      state.phase = 'recovered';
      await sleep(2500);
    } finally {
      state.stop = true;
      await Promise.all([...workers, watcher]);
      if (s.pid < 0) await s.start();
    }

    const all = bookings.flatMap((b) => b.attempts);
    const counts: Record<string, Record<string, number>> = {};
    for (const a of all) {
      const row = (counts[a.phase] ??= {});
      row[a.outcome] = (row[a.outcome] ?? 0) + 1;
    }
    const readCounts: Record<string, Record<string, number>> = {};
    for (const r of reads) {
      const row = (readCounts[r.phase] ??= {});
      row[r.outcome] = (row[r.outcome] ?? 0) + 1;
    }
    const retried = bookings.filter((b) => b.attempts.length > 1);
    const replayed = bookings.filter((b) => b.attempts.some((a) => a.replayed));
    process.stdout.write(
      `      (${bookings.length} keyed bookings in ${all.length} attempts; MySQL down ${downFor} ms, replicas ready ${recoveredAfter} ms after the crash; ` +
        `${retried.length} bookings needed a retry, ${replayed.length} were answered from their stored answer; attempts by phase ${JSON.stringify(counts)}; reads ${JSON.stringify(readCounts)})\n`,
    );

    // Never a 500, never a dropped connection: only the answers a careful client can act on.
    expect(all.filter((a) => !ALLOWED.includes(a.outcome)), 'booking answers outside 201 / 503 / 409 IN_USE').to.deep.equal([]);
    expect(reads.filter((r) => !['200', '503 DATABASE_UNAVAILABLE'].includes(r.outcome)), 'reads: 200 or 503, never 500').to.deep.equal([]);
    expect(reads.filter((r) => r.phase === 'down' && r.outcome === '503 DATABASE_UNAVAILABLE').length, 'reads refused while down').to.be.greaterThan(0);
    const down = all.filter((a) => a.phase === 'down');
    expect(down.length, 'bookings attempted while MySQL was down').to.be.greaterThan(WORKERS);
    expect(down.filter((a) => a.outcome !== '503 DATABASE_UNAVAILABLE' && a.outcome !== '409 IDEMPOTENCY_KEY_IN_USE').map((a) => a.outcome), 'while down: 503 DATABASE_UNAVAILABLE').to.deep.equal([]);
    expect(down.filter((a) => a.outcome === '503 DATABASE_UNAVAILABLE').length).to.be.greaterThan(0);
    expect(readiness.filter((r) => r.phase === 'down').map((r) => r.status).filter((st) => st !== 503), '/readyz while MySQL was down').to.deep.equal([]);
    expect(all.filter((a) => a.phase === 'up' && a.ended === 'up').map((a) => a.outcome).filter((o) => o !== '201'), 'before the crash every booking was accepted').to.deep.equal([]);
    for (const r of [0, 1]) {
      expect(all.filter((a) => a.phase === 'recovered' && a.replica === r && a.outcome === '201').length, `replica ${r} books again after the restart`).to.be.greaterThan(0);
    }
    expect(cluster.replicas.map((r: Replica) => [r.pid, r.child.exitCode, r.child.signalCode]), 'the same replica processes, never restarted').to.deep.equal(pids.map((p) => [p, null, null]));

    // Every booking ended with its order; the database holds exactly the orders the clients were told of, one per key.
    expect(bookings.filter((b) => !b.orderSn).map((b) => b.attempts.map((a) => a.outcome)), 'bookings that never got their order').to.deep.equal([]);
    for (const [w, user] of users.entries()) {
      const rows: Array<{ order_sn: string; idempotency_key: string }> = await ownDb()('orders').where({ user_id: user }).select('order_sn', 'idempotency_key');
      const mine = bookings.filter((b) => b.user === user);
      expect(rows.map((r) => r.order_sn).sort(), `orders of worker ${w} = the orders it was told of`).to.deep.equal(mine.map((b) => b.orderSn as string).sort());
      expect(rows.map((r) => r.idempotency_key).sort(), `one order per key, worker ${w}`).to.deep.equal(mine.map((b) => b.key).sort());
    }
    expect(retried.length, 'bookings that had to be retried across the crash').to.be.greaterThan(0);
  });
});
