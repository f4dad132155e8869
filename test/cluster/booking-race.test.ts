import { expect } from 'chai';
import { runNode, spawnReplica } from '../../src/cluster/processes.js';
import { call, contact, everyMasterConnected, expectStockMatchesOrders, futureDate, newUser, range, testDb, tokenFor } from '../support/harness.js';
import { useCluster, type Cluster, type SuiteCluster } from '../support/cluster.js';
import { fileURLToPath } from 'node:url';

const WORKER = fileURLToPath(new URL('../support/sn-worker.js', import.meta.url));

describe('booking across 3 replicas and 3 Redis masters (separate processes)', function () {
  this.timeout(180_000);
  const cluster = useCluster();
  afterEach(async () => expectStockMatchesOrders());

  const bookVia = (i: number, token: string, body: Record<string, unknown>) =>
    call(cluster.urls[i % cluster.urls.length] as string, 'POST', '/api/v1/orders', { token, body: { ...contact, ...body } });

  races(cluster);

  it('one million order numbers from 4 processes have no duplicate', async () => {
    const outputs = await Promise.all(range(4).map(() => runNode([WORKER, '250000'])));
    const seen = new Set<string>();
    let total = 0;
    for (const o of outputs) {
      expect(o.code, o.stderr).to.equal(0);
      for (const sn of o.stdout.split('\n')) {
        if (!sn) continue;
        total += 1;
        seen.add(sn);
      }
    }
    expect(total).to.equal(1_000_000);
    expect(seen.size).to.equal(1_000_000);
  });

  it('lease lost: a transaction that outlives its lease rolls back while another replica sells the seat; no oversell', async () => {
    const shortTtl = { ...cluster.env, LOCK_TTL_MS: '1000' };
    const [a, b] = await Promise.all([spawnReplica(shortTtl), spawnReplica(shortTtl)]);
    try {
      const route = await cluster.cat.aRoute({ groupSize: 1 });
      const [slowUser, fastUser] = [await tokenFor(newUser()), await tokenFor(newUser())];
      const armed = await call(a.url, 'POST', '/__faults', { body: { point: 'booking.beforeCommit', delayMs: 1600 } });
      expect(armed.status).to.equal(204);
      const slow = call(a.url, 'POST', '/api/v1/orders', { token: slowUser, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } });
      await new Promise((r) => setTimeout(r, 1100));
      // B holds the lease now; its guarded UPDATE may wait on A's row lock and time out (503, nothing written): it retries.
      const answers: string[] = [];
      let fast = await call(b.url, 'POST', '/api/v1/orders', { token: fastUser, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } });
      for (let i = 0; i < 20 && fast.status === 503; i += 1) {
        answers.push(fast.body.error.code);
        await new Promise((r) => setTimeout(r, 200));
        fast = await call(b.url, 'POST', '/api/v1/orders', { token: fastUser, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } });
      }
      const slowRes = await slow;
      expect(slowRes.status, slowRes.text).to.equal(503);
      expect(slowRes.body.error.code).to.equal('LEASE_EXPIRED');
      expect(fast.status, `${fast.text} after ${answers.join(', ')}`).to.equal(201);
      for (const code of answers) expect(['DATABASE_UNAVAILABLE', 'LOCK_BUSY']).to.include(code);
      const after = (await call(b.url, 'GET', `/api/v1/routes/${route.id}`)).body;
      expect(after.salesCount).to.equal(1);
      const lost = (await (await fetch(`${a.url}/metrics`)).text()).match(/^leases_lost_before_commit_total (\d+)/m);
      expect(Number(lost?.[1])).to.equal(1);
    } finally {
      await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')]);
    }
  });

  describe('Redis masters failing', () => {
    const answer = (r: Awaited<ReturnType<typeof bookVia>>) => (r.status === 201 ? '201' : `${r.status} ${r.body?.error?.code}`);
    it('books promptly with one of three masters stopped, and with one frozen', async () => {
      const route = await cluster.cat.aRoute({ groupSize: 100 });
      const token = await tokenFor(newUser());
      const [m0] = cluster.masters as [Cluster['masters'][number]];
      await m0.stop();
      const withOneDown = await Promise.all(range(20).map((i) => bookVia(i, token, { itemType: 'route', itemId: route.id, quantity: 1 })));
      expect(withOneDown.map(answer)).to.deep.equal(range(20).map(() => '201'));
      await m0.start();
      // Freeze a second master only once every replica has reconnected to the first: otherwise two would be missing.
      expect((await everyMasterConnected(cluster.urls, 3)).connected, 'every replica reconnected to the restarted master').to.equal(true);
      const m1 = cluster.masters[1] as Cluster['masters'][number];
      m1.pause();
      try {
        const withOneFrozen = await Promise.all(range(20).map((i) => bookVia(i, token, { itemType: 'route', itemId: route.id, quantity: 1 })));
        expect(withOneFrozen.map(answer)).to.deep.equal(range(20).map(() => '201'));
      } finally {
        m1.resume();
      }
      expect((await call(cluster.urls[0] as string, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(40);
    });

    it('with two of three masters stopped, answers 503 LOCK_UNAVAILABLE and writes nothing; recovers when they return', async () => {
      const route = await cluster.cat.aRoute({ groupSize: 100 });
      const token = await tokenFor(newUser());
      const ordersBefore = Number((await testDb()('orders').count({ n: '*' }))[0]?.['n']);
      const [m0, m1] = cluster.masters as [Cluster['masters'][number], Cluster['masters'][number]];
      await m0.stop();
      await m1.stop();
      try {
        const refused = await Promise.all(range(9).map((i) => bookVia(i, token, { itemType: 'route', itemId: route.id, quantity: 1 })));
        for (const r of refused) {
          expect(r.status, r.text).to.equal(503);
          expect(r.body.error.code).to.equal('LOCK_UNAVAILABLE');
        }
        expect((await call(cluster.urls[0] as string, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(0);
        expect(Number((await testDb()('orders').count({ n: '*' }))[0]?.['n'])).to.equal(ordersBefore);
        const ready = await call(cluster.urls[0] as string, 'GET', '/readyz');
        expect(ready.status).to.equal(503);
      } finally {
        await m0.start();
        await m1.start();
      }
      let recovered = false;
      for (let i = 0; i < 50 && !recovered; i += 1) {
        recovered = (await Promise.all(cluster.urls.map((u) => call(u, 'GET', '/readyz')))).every((r) => r.status === 200);
        if (!recovered) await new Promise((r) => setTimeout(r, 100));
      }
      expect(recovered, 'every replica ready again').to.equal(true);
      const after = await Promise.all(range(6).map((i) => bookVia(i, token, { itemType: 'route', itemId: route.id, quantity: 1 })));
      expect(after.map((r) => r.status)).to.deep.equal(range(6).map(() => 201));
    });
  });
});

/** The races every way in runs: straight to the replicas, and through HAProxy. */
function races(cluster: SuiteCluster): void {
  const bookVia = (i: number, token: string, body: Record<string, unknown>) =>
    call(cluster.urls[i % cluster.urls.length] as string, 'POST', '/api/v1/orders', { token, body: { ...contact, ...body } });
  const anyUrl = (i: number) => cluster.urls[i % cluster.urls.length] as string;

  it('route race: 300 bookings of 1-3 seats for 17 seats sell at most 17, exactly what the orders hold', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 17 });
    const tokens = await Promise.all(range(30).map(() => tokenFor(newUser())));
    const wants = range(300).map((i) => 1 + (i % 3));
    const results = await Promise.all(wants.map((q, i) => bookVia(i, tokens[i % 30] as string, { itemType: 'route', itemId: route.id, quantity: q })));
    const accepted = results.map((r, i) => (r.status === 201 ? (wants[i] as number) : 0)).reduce((a, b) => a + b, 0);
    const rejected = results.map((r, i) => ({ r, q: wants[i] as number })).filter(({ r }) => r.status !== 201);
    for (const { r } of rejected) {
      expect(r.status === 409 || r.status === 503, r.text).to.equal(true);
      expect(['INSUFFICIENT_STOCK', 'LOCK_BUSY']).to.include(r.body.error.code);
    }
    const after = (await call(anyUrl(1), 'GET', `/api/v1/routes/${route.id}`)).body;
    expect(accepted).to.be.at.most(17);
    expect(after.salesCount).to.equal(accepted);
    const smallestRefused = Math.min(...rejected.filter(({ r }) => r.body.error.code === 'INSUFFICIENT_STOCK').map(({ q }) => q));
    expect(after.availableSlots, 'seats left are fewer than the smallest refused request').to.be.below(smallestRefused);
  });

  it('hotel race: overlapping 1-4 night stays in three hotels at once never put a night over its 3 rooms', async () => {
    // Three hotels whose night rows sit next to each other in the index: one hotel's range UPDATE must not block another's.
    const hotels = [await cluster.cat.aHotel({ totalRooms: 3 }), await cluster.cat.aHotel({ totalRooms: 3 }), await cluster.cat.aHotel({ totalRooms: 3 })];
    const tokens = await Promise.all(range(20).map(() => tokenFor(newUser())));
    const stays = range(300).map((i) => {
      const start = 30 + ((i * 7) % 10);
      const { hotel, roomType } = hotels[i % 3] as (typeof hotels)[number];
      return { itemId: hotel.id, roomTypeId: roomType.id, checkIn: futureDate(start), checkOut: futureDate(start + 1 + (i % 4)), quantity: 1 + (i % 2) };
    });
    const results = await Promise.all(stays.map((s, i) => bookVia(i, tokens[i % 20] as string, { itemType: 'hotel', ...s })));
    expect(results.filter((r) => r.status === 201).length).to.be.greaterThan(0);
    for (const r of results.filter((x) => x.status !== 201)) expect(['INSUFFICIENT_STOCK', 'LOCK_BUSY'], r.text).to.include(r.body.error.code);
    for (const { roomType } of hotels) {
      const nights = await testDb()('room_nights').where({ room_type_id: roomType.id }).select('night', 'sold');
      for (const n of nights) expect(n.sold, n.night).to.be.within(0, 3);
      expect(nights.some((n) => n.sold === 3), 'the race actually filled some night').to.equal(true);
    }
  });

  it('last seat: 50 users race for 1 seat through the replicas; exactly one gets 201', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 1 });
    const tokens = await Promise.all(range(50).map(() => tokenFor(newUser())));
    const codes = (await Promise.all(tokens.map((t, i) => bookVia(i, t, { itemType: 'route', itemId: route.id, quantity: 1 })))).map((r) => r.status);
    expect(codes.filter((c) => c === 201)).to.have.length(1);
    expect(codes.filter((c) => c !== 201 && c !== 409 && c !== 503)).to.deep.equal([]);
  });

  it('scenic race: a daily quota of 25 across replicas sells exactly 25 tickets', async () => {
    const spot = await cluster.cat.aScenicSpot({ dailyQuota: 25 });
    const day = futureDate(40);
    const tokens = await Promise.all(range(10).map(() => tokenFor(newUser())));
    const results = await Promise.all(range(120).map((i) => bookVia(i, tokens[i % 10] as string, { itemType: 'scenic', itemId: spot.id, visitDate: day, quantity: 1 })));
    expect(results.filter((r) => r.status === 201)).to.have.length(25);
    expect((await call(anyUrl(2), 'GET', `/api/v1/scenic-spots/${spot.id}/availability?date=${day}`)).body.available).to.equal(0);
  });

}

describe('booking through HAProxy in front of 3 replicas (deploy/haproxy.cfg, checks on /readyz)', function () {
  this.timeout(180_000);
  const cluster = useCluster({ balancer: true });
  afterEach(async () => expectStockMatchesOrders());

  races(cluster);
});
