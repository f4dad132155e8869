import { expect } from 'chai';
import { call, contact, futureDate, newUser, testDb, tokenFor, useApp, type Res } from '../support/harness.js';
import { FaultTally, expectStatus, idleTransactions, runningStatements, waitFor } from './fault-kit.js';

const tally = new FaultTally('mysql-kill');

/**
 * The booking's own MySQL connection is killed from an admin connection while its transaction is open.
 * LOCK_TTL_MS is 12 s and LOCK_WAIT_MS 2 s: a lease left behind would make the next booking of the item wait
 * 2 s and fail with LOCK_BUSY, so a prompt 201 afterwards proves the lease was released.
 */
describe('faults: the MySQL connection of an in-flight booking is killed (one replica in process)', function () {
  this.timeout(120_000);
  const app = useApp({ LOCK_TTL_MS: '12000', LOCK_WAIT_MS: '2000' });
  after(async () => tally.summary());
  afterEach(async () => tally.check());

  const book = async (token: string, body: Record<string, unknown>): Promise<Res> => {
    tally.requests += 1;
    return call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, ...body } });
  };
  const kill = async (what: 'CONNECTION' | 'QUERY', id: number) => {
    tally.faults += 1;
    await testDb().raw(`KILL ${what} ${Number(id)}`);
  };
  const ordersOf = (kind: string, column: string, id: number) =>
    testDb()('orders as o').join('order_items as oi', 'oi.order_id', 'o.id').where({ 'oi.item_type': kind, [`oi.${column}`]: id }).select('o.order_sn');

  it('killed while idle inside the transaction, before COMMIT: 503, no order, stock unchanged, lease released', async () => {
    const route = await app.cat.aRoute({ groupSize: 3 });
    tally.routes.add(route.id);
    const token = await tokenFor(newUser());
    app.deps.faults.arm({ point: 'booking.beforeCommit', delayMs: 1500 });
    const pending = book(token, { itemType: 'route', itemId: route.id, quantity: 2 });
    const ids = await waitFor(async () => {
      const found = await idleTransactions(50);
      return found.length === 1 ? found : undefined;
    }, { tries: 20, everyMs: 150 });
    expect(ids, 'the booking transaction is open').to.have.length(1);
    await kill('CONNECTION', (ids as number[])[0] as number);
    const res = await pending;

    expect(await ordersOf('route', 'item_id', route.id), 'no order row').to.deep.equal([]);
    expect((await testDb()('routes').where({ id: route.id }).first()).sales_count, 'stock unchanged').to.equal(0);
    const next = await book(token, { itemType: 'route', itemId: route.id, quantity: 3 });
    expectStatus(next, 201);
    expect(await ordersOf('route', 'item_id', route.id)).to.deep.equal([{ order_sn: next.body.orderSn }]);
    // Known failure (reported): mysql2's "Can't add new command when connection is in closed state" on COMMIT is not mapped, so the answer is 500 INTERNAL.
    expect([res.status, res.body?.error?.code], `the client of the killed booking: ${res.text}`).to.deep.equal([503, 'DATABASE_UNAVAILABLE']);
  });

  it('killed while its guarded UPDATE waits for a row lock: 503, no order, stock unchanged, lease released', async () => {
    const route = await app.cat.aRoute({ groupSize: 3 });
    tally.routes.add(route.id);
    const token = await tokenFor(newUser());
    const blocker = await testDb().transaction();
    let res: Res;
    try {
      await blocker.raw('SELECT id FROM routes WHERE id = ? FOR UPDATE', [route.id]);
      const pending = book(token, { itemType: 'route', itemId: route.id, quantity: 1 });
      const ids = await waitFor(async () => {
        // The guarded UPDATE is sent with the booking's INSERTs, in one round trip.
        const found = await runningStatements(/\bupdate `?routes`?\b/i);
        return found.length === 1 ? found : undefined;
      }, { tries: 100, everyMs: 10 });
      expect(ids, 'the booking waits in its UPDATE').to.have.length(1);
      await kill('CONNECTION', (ids as number[])[0] as number);
      res = await pending;
    } finally {
      await blocker.rollback();
    }
    expect([res.status, res.body?.error?.code], res.text).to.deep.equal([503, 'DATABASE_UNAVAILABLE']);
    expect(await ordersOf('route', 'item_id', route.id)).to.deep.equal([]);
    expect((await testDb()('routes').where({ id: route.id }).first()).sales_count).to.equal(0);
    const next = await book(token, { itemType: 'route', itemId: route.id, quantity: 3 });
    expectStatus(next, 201);
    expect((await testDb()('routes').where({ id: route.id }).first()).sales_count).to.equal(3);
  });

  it('KILL QUERY on the waiting UPDATE of a scenic ticket: 503, the transaction rolls back, the connection is reused, lease released', async () => {
    const spot = await app.cat.aScenicSpot({ dailyQuota: 5 });
    tally.spots.add(spot.id);
    const day = futureDate(30);
    const token = await tokenFor(newUser());
    expectStatus(await book(token, { itemType: 'scenic', itemId: spot.id, visitDate: day, quantity: 1 }), 201);
    const blocker = await testDb().transaction();
    let res: Res;
    try {
      await blocker.raw('SELECT sold FROM scenic_days WHERE scenic_spot_id = ? AND day = ? FOR UPDATE', [spot.id, day]);
      const pending = book(token, { itemType: 'scenic', itemId: spot.id, visitDate: day, quantity: 2 });
      const ids = await waitFor(async () => {
        const found = await runningStatements(/\bupdate `?scenic_days`?\b/i);
        return found.length === 1 ? found : undefined;
      }, { tries: 100, everyMs: 10 });
      expect(ids, 'the booking waits in its UPDATE').to.have.length(1);
      await kill('QUERY', (ids as number[])[0] as number);
      res = await pending;
    } finally {
      await blocker.rollback();
    }
    expect([res.status, res.body?.error?.code], res.text).to.deep.equal([503, 'DATABASE_UNAVAILABLE']);
    expect(await ordersOf('scenic', 'item_id', spot.id), 'only the first order').to.have.length(1);
    expect((await testDb()('scenic_days').where({ scenic_spot_id: spot.id, day }).first()).sold).to.equal(1);
    const next = await Promise.all([1, 2].map(() => book(token, { itemType: 'scenic', itemId: spot.id, visitDate: day, quantity: 2 })));
    for (const r of next) expectStatus(r, 201);
    expect((await testDb()('scenic_days').where({ scenic_spot_id: spot.id, day }).first()).sold).to.equal(5);
    expect(await ordersOf('scenic', 'item_id', spot.id)).to.have.length(3);
  });
});
