import { expect } from 'chai';
import type { RedisProcess } from '../../src/cluster/processes.js';
import { call, contact, everyMasterConnected, futureDate, newUser, range, testDb, tokenFor, type Res } from '../support/harness.js';
import { useCluster } from '../support/cluster.js';
import { FaultTally, attempt, isConnectionFailure, leaseOnMasters, sleep, waitFor, type ConnectionFailure } from './fault-kit.js';

const tally = new FaultTally('redis-masters');

type Sample = { started: string; ended: string; quantity: number; res: Res | ConnectionFailure };

describe('faults: Redis lock masters stopped, restarted and frozen under booking load (3 replicas, 3 masters)', function () {
  this.timeout(240_000);
  const cluster = useCluster({}, { afterStop: () => tally.summary() });
  afterEach(async () => tally.check());

  /** Six workers booking a route, a hotel and a scenic spot round-robin over the replicas, each request tagged with its phase. */
  async function startLoad() {
    const route = await cluster.cat.aRoute({ groupSize: 100_000 });
    const { hotel, roomType } = await cluster.cat.aHotel({ totalRooms: 100_000 });
    const spot = await cluster.cat.aScenicSpot({ dailyQuota: null });
    tally.routes.add(route.id);
    tally.roomTypes.add(roomType.id);
    tally.spots.add(spot.id);
    const tokens = await Promise.all(range(6).map(() => tokenFor(newUser())));
    const body = (i: number) => {
      const quantity = 1 + (i % 2);
      if (i % 3 === 0) return { itemType: 'route', itemId: route.id, quantity };
      if (i % 3 === 1) return { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: futureDate(60 + (i % 7)), checkOut: futureDate(62 + (i % 7)), quantity };
      return { itemType: 'scenic', itemId: spot.id, visitDate: futureDate(60 + (i % 5)), quantity };
    };
    const state = { phase: 'all-up', stop: false };
    const inFlight = new Map<string, number>();
    const samples: Sample[] = [];
    const done = Promise.all(
      range(6).map(async (w) => {
        for (let i = w; !state.stop && i < 20_000; i += 6) {
          const started = state.phase;
          const b = body(i);
          inFlight.set(started, (inFlight.get(started) ?? 0) + 1);
          tally.requests += 1;
          const res = await attempt(cluster.urls[i % 3] as string, 'POST', '/api/v1/orders', { token: tokens[w] as string, body: { ...contact, ...b } });
          if (isConnectionFailure(res)) tally.connectionFailures += 1;
          inFlight.set(started, (inFlight.get(started) ?? 1) - 1);
          samples.push({ started, ended: state.phase, quantity: b.quantity, res });
          await sleep(15);
        }
      }),
    );
    const items = { route, roomType, spot };
    return {
      samples,
      items,
      set phase(p: string) {
        state.phase = p;
      },
      /** Waits until no request begun in an earlier phase is still running. */
      async drained(except: string) {
        return waitFor(async () => ([...inFlight.entries()].every(([p, n]) => p === except || n === 0) ? true : undefined), { tries: 500, everyMs: 10 });
      },
      async stop() {
        state.stop = true;
        await done;
      },
      async ordersOnItems(): Promise<number> {
        const [[row]] = await testDb().raw(
          `SELECT COUNT(DISTINCT o.id) AS n FROM orders o JOIN order_items oi ON oi.order_id = o.id
            WHERE (oi.item_type = 'route' AND oi.item_id = ?) OR (oi.item_type = 'hotel' AND oi.room_type_id = ?) OR (oi.item_type = 'scenic' AND oi.item_id = ?)`,
          [route.id, roomType.id, spot.id],
        );
        return Number(row.n);
      },
    };
  }

  const outcome = (s: Sample) => (isConnectionFailure(s.res) ? `conn ${s.res.cause}` : s.res.status === 201 ? '201' : `${s.res.status} ${s.res.body?.error?.code}`);
  function byPhase(samples: Sample[]) {
    const table: Record<string, Record<string, number>> = {};
    for (const s of samples) {
      const key = s.started === s.ended ? s.started : `${s.started}→${s.ended}`;
      const row = (table[key] ??= {});
      row[outcome(s)] = (row[outcome(s)] ?? 0) + 1;
    }
    return table;
  }
  const within = (samples: Sample[], phase: string) => samples.filter((s) => s.started === phase && s.ended === phase);

  async function allReady(): Promise<boolean> {
    const ok = await waitFor(async () => ((await Promise.all(cluster.urls.map((u) => call(u, 'GET', '/readyz')))).every((r) => r.status === 200) ? true : undefined), { tries: 100, everyMs: 100 });
    tally.requests += 3;
    return ok === true;
  }

  /** Orders on the items equal the 201s: nothing refused was written, nothing accepted was lost. */
  async function expectOrdersMatchAnswers(load: Awaited<ReturnType<typeof startLoad>>) {
    const accepted = load.samples.filter((s) => !isConnectionFailure(s.res) && s.res.status === 201);
    expect(await load.ordersOnItems(), 'orders on the items = 201 answers').to.equal(accepted.length);
    const sold = Number((await testDb()('routes').where({ id: load.items.route.id }).first()).sales_count);
    const routeAccepted = accepted.filter((s) => (s.res as Res).body.items[0].itemType === 'route').reduce((n, s) => n + s.quantity, 0);
    expect(sold, 'route seats sold = seats in the 201s').to.equal(routeAccepted);
    return accepted.length;
  }

  it('stop one master, then a second, then bring both back, all under load: bookings go on with one down, are 503 LOCK_UNAVAILABLE with two down and write nothing, and resume', async () => {
    const [, m1, m2] = cluster.masters as [RedisProcess, RedisProcess, RedisProcess];
    const load = await startLoad();
    let twoDownBefore = 0;
    let twoDownAfter = 0;
    // RedisProcess.start() on a running master would re-point the handle at a second process that cannot bind: only restart what is down.
    const down = new Set<RedisProcess>();
    try {
      await sleep(1000);
      load.phase = 'stopping-1';
      await m2.stop();
      down.add(m2);
      tally.faults += 1;
      await sleep(150);
      load.phase = 'one-down';
      await sleep(1500);

      load.phase = 'stopping-2';
      await m1.stop();
      down.add(m1);
      tally.faults += 1;
      await sleep(150);
      load.phase = 'two-down';
      expect(await load.drained('two-down'), 'requests begun before the second stop finished').to.equal(true);
      twoDownBefore = await load.ordersOnItems();
      await sleep(1500);
      twoDownAfter = await load.ordersOnItems();

      load.phase = 'restarting';
      for (const m of [m1, m2]) {
        await m.start();
        down.delete(m);
      }
      expect(await allReady(), 'every replica ready again').to.equal(true);
      load.phase = 'recovered';
      await sleep(1500);
    } finally {
      await load.stop();
      for (const m of down) await m.start();
    }
    const table = byPhase(load.samples);
    process.stdout.write(`      (answers by phase: ${JSON.stringify(table)})\n`);

    expect(load.samples.filter((s) => isConnectionFailure(s.res)), 'no replica dropped a connection').to.deep.equal([]);
    for (const phase of ['all-up', 'one-down', 'recovered']) {
      const ss = within(load.samples, phase);
      expect(ss.length, `requests in ${phase}`).to.be.greaterThan(0);
      expect(ss.map(outcome).filter((o) => o !== '201'), `${phase}: every booking accepted`).to.deep.equal([]);
    }
    const twoDown = load.samples.filter((s) => s.started === 'two-down');
    expect(twoDown.length).to.be.greaterThan(0);
    expect(twoDown.map(outcome).filter((o) => o !== '503 LOCK_UNAVAILABLE'), 'two masters down: every booking refused for want of a quorum').to.deep.equal([]);
    expect(twoDownAfter, 'nothing written while two masters were down').to.equal(twoDownBefore);
    for (const s of load.samples) expect(['201', '503 LOCK_UNAVAILABLE', '503 LOCK_BUSY'], JSON.stringify(s)).to.include(outcome(s));
    await expectOrdersMatchAnswers(load);
  });

  it('one master frozen (SIGSTOP) rather than dead, under load: bookings go on, nothing is oversold, and all is well after SIGCONT', async () => {
    const m1 = cluster.masters[1] as RedisProcess;
    // The previous case restarted two masters: freeze one only when every replica is connected to all three again.
    const reconnect = await everyMasterConnected(cluster.urls, 3);
    tally.requests += reconnect.requests;
    expect(reconnect.connected, 'every replica connected to every master').to.equal(true);
    const load = await startLoad();
    try {
      await sleep(800);
      load.phase = 'freezing';
      m1.pause();
      tally.faults += 1;
      await sleep(100);
      load.phase = 'one-frozen';
      const probe = await leaseOnMasters([m1], 'frozen-probe');
      expect(probe, 'the frozen master answers nothing').to.deep.equal([null]);
      await sleep(2500);
      load.phase = 'thawing';
      m1.resume();
      await sleep(500);
      load.phase = 'thawed';
      await sleep(1000);
    } finally {
      m1.resume();
      await load.stop();
    }
    const table = byPhase(load.samples);
    process.stdout.write(`      (answers by phase: ${JSON.stringify(table)})\n`);
    for (const s of load.samples) expect(['201', '503 LOCK_BUSY'], JSON.stringify(s)).to.include(outcome(s));
    const frozen = within(load.samples, 'one-frozen');
    expect(frozen.filter((s) => outcome(s) === '201').length, 'bookings accepted while a master was frozen').to.be.greaterThan(0);
    expect(within(load.samples, 'all-up').map(outcome).filter((o) => o !== '201')).to.deep.equal([]);
    expect(within(load.samples, 'thawed').filter((s) => outcome(s) === '201').length, 'bookings accepted after the thaw').to.be.greaterThan(0);
    await expectOrdersMatchAnswers(load);
  });
});
