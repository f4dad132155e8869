import { expect } from 'chai';
import type { RedisProcess } from '../../src/cluster/processes.js';
import { call, contact, futureDate, newUser, range, testDb, tokenFor, type Res } from '../support/harness.js';
import { useCluster } from '../support/cluster.js';
import { FaultTally, attempt, isConnectionFailure, sleep, waitFor, type ConnectionFailure } from './fault-kit.js';

// Small, so that the freeze (FREEZE_MS) is far longer than any wait it bounds.
const LOCK_WAIT_MS = 1000;
const LOCK_TTL_MS = 2000;
const FREEZE_MS = 5000;
const WORKERS = 6;
const tally = new FaultTally('two-masters-frozen');

type Sample = { started: string; ended: string; startedAt: number; ms: number; outcome: string; orderSn?: string };

/**
 * Two of three masters frozen (SIGSTOP): their connections stay open and look ready, they just never answer. Without a
 * quorum every booking must be refused, 503 LOCK_UNAVAILABLE, promptly (each answer comes while the freeze lasts, which
 * is many times LOCK_WAIT_MS), and nothing may be written; after SIGCONT bookings go on.
 */
describe('faults: two of three lock masters frozen (SIGSTOP) under booking load (2 replicas, 3 masters)', function () {
  this.timeout(120_000);
  const cluster = useCluster({ replicas: 2, env: { LOCK_WAIT_MS: String(LOCK_WAIT_MS), LOCK_TTL_MS: String(LOCK_TTL_MS) } }, { afterStop: () => tally.summary() });
  afterEach(async () => tally.check());

  const outcome = (r: Res | ConnectionFailure) => (isConnectionFailure(r) ? `conn ${r.cause}` : r.status === 201 ? '201' : `${r.status} ${r.body?.error?.code}`);

  it(`503 LOCK_UNAVAILABLE for every booking during a ${FREEZE_MS} ms freeze of two masters (LOCK_WAIT_MS ${LOCK_WAIT_MS}), no write, and bookings again after SIGCONT`, async () => {
    const [, m1, m2] = cluster.masters as [RedisProcess, RedisProcess, RedisProcess];
    const route = await cluster.cat.aRoute({ groupSize: 1_000_000 });
    const { hotel, roomType } = await cluster.cat.aHotel({ totalRooms: 1_000_000 });
    const spot = await cluster.cat.aScenicSpot({ dailyQuota: null });
    tally.routes.add(route.id);
    tally.roomTypes.add(roomType.id);
    tally.spots.add(spot.id);
    const users = range(WORKERS).map(() => newUser());
    const tokens = await Promise.all(users.map((u) => tokenFor(u)));
    const body = (i: number) => {
      if (i % 3 === 0) return { itemType: 'route', itemId: route.id, quantity: 1 };
      if (i % 3 === 1) return { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: futureDate(30 + (i % 5)), checkOut: futureDate(32 + (i % 5)), quantity: 1 };
      return { itemType: 'scenic', itemId: spot.id, visitDate: futureDate(30 + (i % 4)), quantity: 1 };
    };
    const ordersOnItems = async () => {
      const [[row]] = await testDb().raw(
        `SELECT COUNT(DISTINCT o.id) AS n FROM orders o JOIN order_items oi ON oi.order_id = o.id
          WHERE (oi.item_type = 'route' AND oi.item_id = ?) OR (oi.item_type = 'hotel' AND oi.room_type_id = ?) OR (oi.item_type = 'scenic' AND oi.item_id = ?)`,
        [route.id, roomType.id, spot.id],
      );
      return Number(row.n);
    };

    const state = { phase: 'all-up', stop: false };
    const inFlight = new Map<string, number>();
    const samples: Sample[] = [];
    const load = Promise.all(
      range(WORKERS).map(async (w) => {
        for (let i = w; !state.stop; i += WORKERS) {
          const started = state.phase;
          inFlight.set(started, (inFlight.get(started) ?? 0) + 1);
          const t0 = performance.now();
          tally.requests += 1;
          const r = await attempt(cluster.urls[i % 2] as string, 'POST', '/api/v1/orders', { token: tokens[w] as string, body: { ...contact, ...body(i) } });
          if (isConnectionFailure(r)) tally.connectionFailures += 1;
          inFlight.set(started, (inFlight.get(started) ?? 1) - 1);
          const orderSn = !isConnectionFailure(r) && r.status === 201 ? (r.body.orderSn as string) : undefined;
          samples.push({ started, ended: state.phase, startedAt: t0, ms: performance.now() - t0, outcome: outcome(r), ...(orderSn ? { orderSn } : {}) });
          await sleep(20);
        }
      }),
    );

    let frozenAt = 0;
    let thawedAt = 0;
    let before = 0;
    let during = 0;
    let drained: boolean | undefined;
    const readyWhileFrozen: number[] = [];
    try {
      await sleep(1000);
      m1.pause();
      m2.pause();
      frozenAt = performance.now();
      tally.faults += 2;
      state.phase = 'two-frozen';
      // Requests begun before the freeze may still commit; count the orders once they have all answered.
      drained = await waitFor(async () => ((inFlight.get('all-up') ?? 0) === 0 ? true : undefined), { tries: 300, everyMs: 10 });
      before = await ordersOnItems();
      await sleep(FREEZE_MS - (performance.now() - frozenAt) - 300);
      for (const u of cluster.urls) {
        tally.requests += 1;
        readyWhileFrozen.push((await call(u, 'GET', '/readyz')).status);
      }
      await sleep(Math.max(0, FREEZE_MS - (performance.now() - frozenAt)));
      during = await ordersOnItems();
      state.phase = 'thawed';
      m1.resume();
      m2.resume();
      thawedAt = performance.now();
      await sleep(2000);
    } finally {
      m1.resume();
      m2.resume();
      state.stop = true;
      await load;
    }

    const table: Record<string, Record<string, number>> = {};
    for (const s of samples) {
      const k = s.started === s.ended ? s.started : `${s.started}→${s.ended}`;
      const row = (table[k] ??= {});
      row[s.outcome] = (row[s.outcome] ?? 0) + 1;
    }
    const frozen = samples.filter((s) => s.started === 'two-frozen');
    // Those begun in the first half of the freeze: every one must be answered while it lasts.
    const early = frozen.filter((s) => s.startedAt < thawedAt - FREEZE_MS / 2);
    const slowest = Math.max(...early.map((s) => s.ms));
    process.stdout.write(
      `      (answers by phase: ${JSON.stringify(table)}; while frozen ${frozen.length} bookings; of the ${early.length} begun in its first half the slowest answer took ${slowest.toFixed(0)} ms, ` +
        `the median ${[...early.map((s) => s.ms)].sort((x, y) => x - y)[Math.floor(early.length / 2)]?.toFixed(0)} ms; LOCK_WAIT_MS ${LOCK_WAIT_MS}, freeze ${(thawedAt - frozenAt).toFixed(0)} ms)\n`,
    );

    expect(samples.filter((s) => s.outcome.startsWith('conn')), 'no dropped connection').to.deep.equal([]);
    expect(samples.filter((s) => s.started === 'all-up' && s.ended === 'all-up').map((s) => s.outcome).filter((o) => o !== '201'), 'all up: every booking accepted').to.deep.equal([]);
    expect(drained, 'bookings begun before the freeze answered').to.equal(true);
    expect(frozen.length, 'bookings sent while two masters were frozen').to.be.greaterThan(WORKERS * 3);
    expect(frozen.filter((s) => s.ended === 'two-frozen' && s.outcome !== '503 LOCK_UNAVAILABLE').map((s) => s.outcome), 'two frozen: every booking 503 LOCK_UNAVAILABLE').to.deep.equal([]);
    for (const s of frozen) expect(['201', '503 LOCK_UNAVAILABLE', '503 LOCK_BUSY'], 'begun frozen, answered after the thaw').to.include(s.outcome);
    // The bound: each answer came while the freeze still lasted, the freeze being many times LOCK_WAIT_MS.
    expect(early.filter((s) => s.ended !== 'two-frozen').map((s) => s.ms.toFixed(0)), 'answered before the thaw').to.deep.equal([]);
    expect(during, 'no order written while two masters were frozen').to.equal(before);
    expect(readyWhileFrozen, '/readyz while two masters were frozen').to.deep.equal(cluster.urls.map(() => 503));

    const thawed = samples.filter((s) => s.started === 'thawed');
    expect(thawed.filter((s) => s.outcome === '201').length, 'bookings accepted after SIGCONT').to.be.greaterThan(0);
    for (const s of thawed) expect(['201', '503 LOCK_BUSY', '503 LOCK_UNAVAILABLE'], JSON.stringify(s)).to.include(s.outcome);
    expect(await ordersOnItems(), 'orders on the items = 201 answers').to.equal(samples.filter((s) => s.outcome === '201').length);
    // Not only as many: the very orders clients were told of, and no other.
    const stored = await testDb()('orders').whereIn('user_id', users).pluck('order_sn');
    expect([...stored].sort(), 'the orders are the 201s').to.deep.equal(samples.flatMap((s) => (s.orderSn ? [s.orderSn] : [])).sort());
  });
});
