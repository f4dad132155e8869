import { expect } from 'chai';
import { spawnReplica, type Replica } from '../../src/cluster/processes.js';
import { call, contact, futureDate, newUser, range, testDb, tokenFor, type Res } from '../support/harness.js';
import { useCluster } from '../support/cluster.js';
import { FaultTally, attempt, expectStatus, isConnectionFailure, idleTransactions, leaseOnMasters, sleep, waitFor, type ConnectionFailure } from './fault-kit.js';

const LOCK_TTL_MS = 1500;
const tally = new FaultTally('crash');

describe('faults: replicas killed and frozen under load (3 replicas, 3 Redis masters, separate processes)', function () {
  this.timeout(240_000);
  const cluster = useCluster({ env: { LOCK_TTL_MS: String(LOCK_TTL_MS) } }, { afterStop: () => tally.summary() });
  afterEach(async () => tally.check());

  const counted = async (base: string, method: string, path: string, opts: Parameters<typeof call>[3] = {}) => {
    tally.requests += 1;
    const r = await attempt(base, method, path, opts);
    if (isConnectionFailure(r)) tally.connectionFailures += 1;
    return r;
  };
  const book = (base: string, token: string, body: Record<string, unknown>) => counted(base, 'POST', '/api/v1/orders', { token, body: { ...contact, ...body } });
  const lockKey = (item: string) => `${cluster.env['REDIS_KEY_PREFIX']}lock:${item}`;

  it('SIGKILL of a replica in the middle of 200 bookings: no unit without its order, its lease expires, the others carry on', async () => {
    const [r0, r1, victim] = cluster.replicas as [Replica, Replica, Replica];
    const route = await cluster.cat.aRoute({ groupSize: 80 });
    const { hotel, roomType } = await cluster.cat.aHotel({ totalRooms: 4 });
    const spot = await cluster.cat.aScenicSpot({ dailyQuota: 70 });
    const doomedItem = await cluster.cat.aRoute({ groupSize: 5 });
    tally.routes.add(route.id).add(doomedItem.id);
    tally.roomTypes.add(roomType.id);
    tally.spots.add(spot.id);
    const day = futureDate(50);
    const tokens = await Promise.all(range(20).map(() => tokenFor(newUser())));

    // Every booking on the victim holds its lease and row lock 300 ms before COMMIT, so the kill lands mid-transaction.
    expectStatus(await counted(victim.url, 'POST', '/__faults', { body: { point: 'booking.beforeCommit', delayMs: 300, times: 1000 } }), 204);
    tally.faults += 1;

    type Sent = { i: number; url: string; quantity: number; sentAt: number; res: Res | ConnectionFailure };
    const bodies = range(200).map((i) => {
      const quantity = 1 + (i % 2);
      switch (i % 3) {
        case 0:
          return { itemType: 'route', itemId: route.id, quantity };
        case 1: {
          const start = 40 + (i % 5);
          return { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: futureDate(start), checkOut: futureDate(start + 1 + (i % 3)), quantity };
        }
        default:
          return { itemType: 'scenic', itemId: spot.id, visitDate: day, quantity };
      }
    });
    const urls = [r0.url, r1.url, victim.url];
    const sent: Sent[] = [];
    let next = 0;
    let killedAt = 0;
    let answered = 0;
    let doomed: Promise<Res | ConnectionFailure> | undefined;
    let leaseAtKill: Awaited<ReturnType<typeof leaseOnMasters>> = [];

    const kill = async () => {
      // One booking of an item only the victim books, so the lease it dies holding is known.
      doomed = book(victim.url, tokens[0] as string, { itemType: 'route', itemId: doomedItem.id, quantity: 1 });
      const held = await waitFor(async () => ((await leaseOnMasters(cluster.masters, lockKey(`route:${doomedItem.id}`))).filter((l) => l?.value).length >= 2 ? true : undefined), { tries: 150, everyMs: 10 });
      expect(held, 'the victim took the lease on its item').to.equal(true);
      await sleep(100);
      leaseAtKill = await leaseOnMasters(cluster.masters, lockKey(`route:${doomedItem.id}`));
      process.kill(victim.pid, 'SIGKILL');
      killedAt = Date.now();
      tally.faults += 1;
    };

    let killing: Promise<void> | undefined;
    await Promise.all(
      range(10).map(async () => {
        while (next < bodies.length) {
          const i = next;
          next += 1;
          const url = urls[i % 3] as string;
          const sentAt = Date.now();
          const res = await book(url, tokens[i % tokens.length] as string, bodies[i] as Record<string, unknown>);
          sent.push({ i, url, quantity: (bodies[i] as { quantity: number }).quantity, sentAt, res });
          answered += 1;
          if (answered === 70) killing = kill();
        }
      }),
    );
    await killing;
    const exit = await victim.exited;
    expect(exit.signal).to.equal('SIGKILL');
    const doomedRes = await (doomed as Promise<Res | ConnectionFailure>);
    expect(isConnectionFailure(doomedRes), 'the request the victim died holding failed at the connection').to.equal(true);

    // The victim's lease is never released by anyone: it expires.
    expect(leaseAtKill.filter((l) => l?.value && l.pttl > 0 && l.pttl <= LOCK_TTL_MS).length, JSON.stringify(leaseAtKill)).to.be.at.least(2);
    const expired = await waitFor(async () => ((await leaseOnMasters(cluster.masters, lockKey(`route:${doomedItem.id}`))).every((l) => !l?.value) ? Date.now() : undefined), { tries: 100, everyMs: 50 });
    expect(expired, 'the dead replica\'s lease expired').to.not.equal(undefined);

    // The others book the item the dead replica was holding; its own transaction was rolled back with its connection.
    const after = await Promise.all(range(4).map((i) => book(urls[i % 2] as string, tokens[i + 1] as string, { itemType: 'route', itemId: doomedItem.id, quantity: 1 })));
    for (const r of after) expectStatus(r, 201);
    const doomedRow = await testDb()('routes').where({ id: doomedItem.id }).first();
    expect(doomedRow.sales_count, 'the dead transaction sold nothing').to.equal(4);

    // What the load saw.
    const failures = sent.filter((s) => isConnectionFailure(s.res));
    const answers = sent.filter((s) => !isConnectionFailure(s.res)) as Array<Sent & { res: Res }>;
    for (const f of failures) expect(f.url, `connection failure from a live replica: ${JSON.stringify(f)}`).to.equal(victim.url);
    const inFlightAtKill = failures.filter((f) => f.sentAt < killedAt);
    const refusedAfterKill = failures.filter((f) => f.sentAt >= killedAt);
    const codes: Record<string, number> = {};
    for (const a of answers) {
      const key = a.res.status === 201 ? '201' : `${a.res.status} ${a.res.body?.error?.code}`;
      codes[key] = (codes[key] ?? 0) + 1;
      expect(['201', '409 INSUFFICIENT_STOCK', '503 LOCK_BUSY', '503 LEASE_EXPIRED'], a.res.text).to.include(key);
    }
    const survivorsAfterKill = answers.filter((a) => a.sentAt >= killedAt && a.url !== victim.url);
    expect(survivorsAfterKill.filter((a) => a.res.status === 201).length, 'the survivors kept selling').to.be.greaterThan(0);
    expect(refusedAfterKill.length, 'requests sent to the dead replica after the kill').to.be.greaterThan(0);

    // Orders against stock: every 201 is an order; any extra order is one whose answer died with the victim.
    const accepted = answers.filter((a) => a.res.status === 201);
    const sns = accepted.map((a) => a.res.body.orderSn as string);
    const rows: Array<{ order_sn: string; item_type: string; quantity: number }> = await testDb()('orders as o')
      .join('order_items as oi', 'oi.order_id', 'o.id')
      .where((q) => void q.where({ 'oi.item_type': 'route', 'oi.item_id': route.id }).orWhere({ 'oi.item_type': 'hotel', 'oi.room_type_id': roomType.id }).orWhere({ 'oi.item_type': 'scenic', 'oi.item_id': spot.id }))
      .select('o.order_sn', 'oi.item_type', 'oi.quantity');
    const stored = new Set(rows.map((r) => r.order_sn));
    for (const sn of sns) expect(stored.has(sn), `201 ${sn} has its order`).to.equal(true);
    const unanswered = rows.length - sns.length;
    expect(unanswered, 'orders committed whose answer was lost with the victim').to.be.within(0, inFlightAtKill.length);
    const ordered = (kind: string) => rows.filter((r) => r.item_type === kind).reduce((n, r) => n + r.quantity, 0);
    const routeSold = (await testDb()('routes').where({ id: route.id }).first()).sales_count as number;
    const ticketsSold = Number((await testDb()('scenic_days').where({ scenic_spot_id: spot.id, day }).first())?.sold ?? 0);
    expect(routeSold, 'route seats sold = seats in its orders').to.equal(ordered('route'));
    expect(ticketsSold, 'tickets sold = tickets in its orders').to.equal(ordered('scenic'));
    expect(routeSold).to.be.at.most(80);
    expect(ticketsSold).to.be.at.most(70);
    const acceptedUnits = accepted.reduce((n, a) => n + a.quantity, 0);
    const units = rows.reduce((n, r) => n + r.quantity, 0);
    expect(units - acceptedUnits, 'units beyond the 201s belong to answers lost in the crash').to.be.within(0, inFlightAtKill.reduce((n, f) => n + f.quantity, 0));
    process.stdout.write(
      `      (200 bookings: ${JSON.stringify(codes)}; ${failures.length} failed at the connection (${inFlightAtKill.length} in flight at the kill, ` +
        `${refusedAfterKill.length} refused after it); ${unanswered} committed without an answer; lease gone ${Number(expired) - killedAt} ms after the kill, TTL ${LOCK_TTL_MS} ms)\n`,
    );
    cluster.replicas[2] = await spawnReplica(cluster.env);
  });

  it('SIGSTOP of a replica holding a lease and a row lock, past the lease: the server ends its idle transaction, another replica sells the seat meanwhile, and after SIGCONT its client gets a 503, not a 201', async () => {
    const frozen = await spawnReplica(cluster.env);
    const [r0, r1] = cluster.replicas as [Replica, Replica];
    try {
      const route = await cluster.cat.aRoute({ groupSize: 1 });
      tally.routes.add(route.id);
      const [slowUser, ...others] = await Promise.all(range(40).map(() => tokenFor(newUser())));
      expectStatus(await counted(frozen.url, 'POST', '/__faults', { body: { point: 'booking.beforeCommit', delayMs: 600 } }), 204);
      tally.faults += 1;
      const slow = book(frozen.url, slowUser as string, { itemType: 'route', itemId: route.id, quantity: 1 });
      // Its transaction has inserted the order and taken the seat (uncommitted), and now sits before COMMIT.
      const trx = await waitFor(async () => ((await idleTransactions(50)).length > 0 ? true : undefined), { tries: 20, everyMs: 150 });
      expect(trx, 'the frozen replica is inside its transaction').to.equal(true);
      process.kill(frozen.pid, 'SIGSTOP');
      const stoppedAt = Date.now();
      tally.faults += 1;

      // Others try the same seat while it is frozen, until one of them gets it (or 36 attempts go by).
      const during: Array<{ at: number; res: Res | ConnectionFailure }> = [];
      let sold: Res | undefined;
      await Promise.all(
        [r0.url, r1.url].map(async (u, k) => {
          for (let i = 0; i < 18 && !sold; i += 1) {
            const res = await book(u, others[k * 18 + i] as string, { itemType: 'route', itemId: route.id, quantity: 1 });
            during.push({ at: Date.now() - stoppedAt, res });
            if (!isConnectionFailure(res) && res.status === 201) sold = res;
            else await sleep(250);
          }
        }),
      );
      const waited = Date.now() - stoppedAt;
      const stillOpen = await idleTransactions(0);
      const soldWhileFrozen = Number((await testDb()('routes').where({ id: route.id }).first()).sales_count);
      process.kill(frozen.pid, 'SIGCONT');
      const slowRes = await slow;

      const codes = during.map((d) => (isConnectionFailure(d.res) ? 'conn' : `${d.res.status} ${d.res.body?.error?.code ?? ''}`.trim()));
      expect(sold, `a booking on another replica while it was frozen: ${codes.join(', ')}`).to.not.equal(undefined);
      expect(soldWhileFrozen, 'the seat was sold while the replica was still frozen').to.equal(1);
      expect(waited, 'frozen for longer than the lease').to.be.greaterThan(LOCK_TTL_MS);
      // In order of completion: refusals for want of the row while it was held, one sale, then sold out.
      const saleAt = codes.indexOf('201');
      expect(codes.filter((c) => c === '201'), `while frozen: ${codes.join(', ')}`).to.have.length(1);
      for (const c of codes.slice(0, saleAt)) expect(['503 LOCK_BUSY', '503 DATABASE_UNAVAILABLE'], `while frozen: ${codes.join(', ')}`).to.include(c);
      for (const c of codes.slice(saleAt + 1)) expect(['503 LOCK_BUSY', '409 INSUFFICIENT_STOCK'], `while frozen: ${codes.join(', ')}`).to.include(c);
      expect(stillOpen, 'the frozen transaction was ended by the server').to.deep.equal([]);

      expect(isConnectionFailure(slowRes)).to.equal(false);
      const s = slowRes as Res;
      expect(s.status, `the frozen replica's client: ${s.text}`).to.equal(503);
      expect(['LEASE_EXPIRED', 'DATABASE_UNAVAILABLE']).to.include(s.body.error.code);

      const afterThaw = await book(r0.url, others[37] as string, { itemType: 'route', itemId: route.id, quantity: 1 });
      expectStatus(afterThaw, 409);
      const orders = await testDb()('orders as o').join('order_items as oi', 'oi.order_id', 'o.id').where({ 'oi.item_type': 'route', 'oi.item_id': route.id }).select('o.order_sn', 'o.status');
      expect(orders, 'exactly one order holds the one seat').to.deep.equal([{ order_sn: (sold as Res).body.orderSn, status: 'pending' }]);
      expect((await testDb()('routes').where({ id: route.id }).first()).sales_count).to.equal(1);

      // The frozen replica still serves: its dead connection was dropped from the pool.
      const next = await cluster.cat.aRoute({ groupSize: 1 });
      tally.routes.add(next.id);
      expectStatus(await book(frozen.url, others[38] as string, { itemType: 'route', itemId: next.id, quantity: 1 }), 201);

      process.stdout.write(
        `      (frozen ${waited} ms; the seat was sold ${during[saleAt]?.at} ms into the freeze; answers while frozen: ${codes.join(', ')}; ` +
          `the frozen client got ${s.status} ${s.body.error.code})\n`,
      );
    } finally {
      if (frozen.child.exitCode === null && frozen.child.signalCode === null) process.kill(frozen.pid, 'SIGCONT');
      await frozen.stop('SIGKILL');
    }
  });
});
