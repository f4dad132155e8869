import { expect } from 'chai';
import { ORDER_SN_PATTERN, newOrderSn } from '../../src/orders/order-sn.js';
import { call, contact, expectStockMatchesOrders, futureDate, newUser, range, startApp, testDb, tokenFor, useApp, type TestApp } from '../support/harness.js';

describe('booking on one replica (real MySQL and Redis)', () => {
  const app = useApp();
  afterEach(async () => expectStockMatchesOrders());

  const book = async (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, ...body }, headers });

  it('books a route with prices from the database, ignoring a client-sent price', async () => {
    const route = await app.cat.aRoute({ groupSize: 5, priceCents: 1999 });
    const token = await tokenFor(newUser());
    const res = await call(app.url, 'POST', '/api/v1/orders', { token, body: { itemType: 'route', itemId: route.id, quantity: 2, ...contact } });
    expect(res.status).to.equal(201);
    expect(res.body.orderSn).to.match(ORDER_SN_PATTERN);
    expect(res.body).to.include({ status: 'pending', totalCents: 3998, currency: 'CNY' });
    expect(res.body.items).to.deep.equal([{ itemType: 'route', itemId: route.id, itemName: 'Test route', priceCents: 1999, quantity: 2, subtotalCents: 3998, status: 'booked' }]);
    expect(Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt)).to.equal(900_000);
    const sneaky = await book(token, { itemType: 'route', itemId: route.id, quantity: 1, priceCents: 1 });
    expect(sneaky.status, 'unknown fields such as a price are refused').to.equal(422);
    expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body).to.include({ salesCount: 2, availableSlots: 3 });
  });

  it('refuses more seats than are left with 409 INSUFFICIENT_STOCK and the number left', async () => {
    const route = await app.cat.aRoute({ groupSize: 3 });
    const token = await tokenFor(newUser());
    expect((await book(token, { itemType: 'route', itemId: route.id, quantity: 2 })).status).to.equal(201);
    const res = await book(token, { itemType: 'route', itemId: route.id, quantity: 2 });
    expect(res.status).to.equal(409);
    expect(res.body.error).to.deep.include({ code: 'INSUFFICIENT_STOCK' });
    expect(res.body.error.details.available).to.equal(1);
  });

  it('books a hotel stay on every night or none', async () => {
    const { hotel, roomType } = await app.cat.aHotel({ totalRooms: 2, priceCents: 300_00 });
    const token = await tokenFor(newUser());
    const [d1, d2, d3, d4] = [futureDate(10), futureDate(11), futureDate(12), futureDate(13)];
    const first = await book(token, { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: d2, checkOut: d3, quantity: 2 });
    expect(first.status).to.equal(201);
    expect(first.body.items[0]).to.include({ nights: 1, subtotalCents: 600_00, checkIn: d2, checkOut: d3, roomTypeId: roomType.id });
    const overlapping = await book(token, { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: d1, checkOut: d4, quantity: 1 });
    expect(overlapping.status).to.equal(409);
    expect(overlapping.body.error.details.nights).to.deep.equal([{ night: d1, available: 2 }, { night: d2, available: 0 }, { night: d3, available: 2 }]);
    const avail = await call(app.url, 'GET', `/api/v1/room-types/${roomType.id}/availability?checkIn=${d1}&checkOut=${d4}`);
    expect(avail.body.nights.map((n: { available: number }) => n.available), 'the refused stay took no night').to.deep.equal([2, 0, 2]);
    const wrongHotel = await book(token, { itemType: 'hotel', itemId: hotel.id + 100000, roomTypeId: roomType.id, checkIn: d1, checkOut: d2, quantity: 1 });
    expect(wrongHotel.status).to.equal(404);
  });

  it('validates stays: reversed, empty, longer than 30 nights, in the past or too far ahead', async () => {
    const { hotel, roomType } = await app.cat.aHotel();
    const token = await tokenFor(newUser());
    const stay = (checkIn: string, checkOut: string) => book(token, { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn, checkOut, quantity: 1 });
    for (const [checkIn, checkOut] of [
      [futureDate(5), futureDate(3)],
      [futureDate(5), futureDate(5)],
      [futureDate(5), futureDate(36)],
      [futureDate(-10), futureDate(-8)],
      [futureDate(800), futureDate(801)],
    ] as const) {
      const res = await stay(checkIn, checkOut);
      expect(res.status, `${checkIn}..${checkOut}`).to.equal(422);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
    }
    expect((await stay(futureDate(5), futureDate(35))).status, '30 nights is allowed').to.equal(201);
  });

  it('books scenic tickets against a daily quota, and without a quota', async () => {
    const limited = await app.cat.aScenicSpot({ dailyQuota: 3, ticketPriceCents: 50_00 });
    const unlimited = await app.cat.aScenicSpot({ dailyQuota: null });
    const token = await tokenFor(newUser());
    const day = futureDate(20);
    expect((await book(token, { itemType: 'scenic', itemId: limited.id, visitDate: day, quantity: 3 })).status).to.equal(201);
    const more = await book(token, { itemType: 'scenic', itemId: limited.id, visitDate: day, quantity: 1 });
    expect(more.status).to.equal(409);
    expect(more.body.error.details.available).to.equal(0);
    expect((await book(token, { itemType: 'scenic', itemId: limited.id, visitDate: futureDate(21), quantity: 1 })).status, 'another day has its own quota').to.equal(201);
    expect((await book(token, { itemType: 'scenic', itemId: unlimited.id, visitDate: day, quantity: 100 })).status).to.equal(201);
    expect((await call(app.url, 'GET', `/api/v1/scenic-spots/${limited.id}/availability?date=${day}`)).body.available).to.equal(0);
  });

  it('answers 404 for an item that does not exist', async () => {
    const token = await tokenFor(newUser());
    const res = await book(token, { itemType: 'route', itemId: 2_000_000_000, quantity: 1 });
    expect(res.status).to.equal(404);
    expect(res.body.error.code).to.equal('NOT_FOUND');
  });

  describe('Idempotency-Key', () => {
    it('replays the first answer for the same key and body, with Idempotent-Replayed', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const token = await tokenFor(newUser());
      const body = { itemType: 'route', itemId: route.id, quantity: 1 };
      const first = await book(token, body, { 'Idempotency-Key': 'attempt-1' });
      const again = await book(token, { quantity: 1, itemId: route.id, itemType: 'route' }, { 'Idempotency-Key': 'attempt-1' });
      expect(first.status).to.equal(201);
      expect(again.status).to.equal(201);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect(first.headers.get('idempotent-replayed')).to.equal(null);
      expect(again.body).to.deep.equal(first.body);
      expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(1);
    });

    it('refuses the same key with a different body (422) and scopes keys to the user', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const [alice, bob] = [await tokenFor(newUser()), await tokenFor(newUser())];
      expect((await book(alice, { itemType: 'route', itemId: route.id, quantity: 1 }, { 'Idempotency-Key': 'k' })).status).to.equal(201);
      const different = await book(alice, { itemType: 'route', itemId: route.id, quantity: 2 }, { 'Idempotency-Key': 'k' });
      expect(different.status).to.equal(422);
      expect(different.body.error.code).to.equal('IDEMPOTENCY_KEY_MISMATCH');
      expect((await book(bob, { itemType: 'route', itemId: route.id, quantity: 2 }, { 'Idempotency-Key': 'k' })).status, "another user's key is another key").to.equal(201);
      expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(3);
    });

    it('answers 409 IDEMPOTENCY_KEY_IN_USE while the first request is still running', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const token = await tokenFor(newUser());
      const body = { itemType: 'route', itemId: route.id, quantity: 1 };
      app.deps.faults.arm({ point: 'booking.beforeCommit', delayMs: 600 });
      const slow = book(token, body, { 'Idempotency-Key': 'slow' });
      await new Promise((r) => setTimeout(r, 200));
      const meanwhile = await book(token, body, { 'Idempotency-Key': 'slow' });
      expect(meanwhile.status).to.equal(409);
      expect(meanwhile.body.error.code).to.equal('IDEMPOTENCY_KEY_IN_USE');
      expect((await slow).status).to.equal(201);
      expect((await book(token, body, { 'Idempotency-Key': 'slow' })).headers.get('idempotent-replayed')).to.equal('true');
      expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(1);
    });

    it('does not pin a key whose first request failed with a 5xx', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const token = await tokenFor(newUser());
      const body = { itemType: 'route', itemId: route.id, quantity: 1 };
      // The lease runs out while the transaction waits: 503 LEASE_EXPIRED, nothing committed.
      const shortLease = await startApp({ LOCK_TTL_MS: '500' });
      try {
        shortLease.deps.faults.arm({ point: 'booking.beforeCommit', delayMs: 700 });
        const failed = await call(shortLease.url, 'POST', '/api/v1/orders', { token, body: { ...contact, ...body }, headers: { 'Idempotency-Key': 'retry-me' } });
        expect(failed.status).to.equal(503);
        expect(failed.body.error.code).to.equal('LEASE_EXPIRED');
        expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount, 'nothing was sold').to.equal(0);
      } finally {
        await shortLease.close();
      }
      const retried = await book(token, body, { 'Idempotency-Key': 'retry-me' });
      expect(retried.status).to.equal(201);
      expect(retried.headers.get('idempotent-replayed')).to.equal(null);
    });

    it("still replays from the order's own copy of the key when the record is gone (past its 24 hours)", async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const user = newUser();
      const token = await tokenFor(user);
      const body = { itemType: 'route', itemId: route.id, quantity: 1 };
      const first = await book(token, body, { 'Idempotency-Key': 'lost' });
      expect(await testDb()('idempotency_records').where({ user_id: user }).delete()).to.equal(1);
      const again = await book(token, body, { 'Idempotency-Key': 'lost' });
      expect(again.status).to.equal(201);
      expect(again.body.orderSn).to.equal(first.body.orderSn);
      expect(again.headers.get('idempotent-replayed')).to.equal('true');
      expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(1);
    });

    it('keeps an answer 24 hours: past that it answers nothing, and the sweep of every replica deletes each old row once', async () => {
      const route = await app.cat.aRoute({ groupSize: 50 });
      const user = newUser();
      const token = await tokenFor(user);
      const body = { itemType: 'route', itemId: route.id, quantity: 1 };
      const first = await book(token, body, { 'Idempotency-Key': 'old' });
      for (const n of range(20)) expect((await book(token, body, { 'Idempotency-Key': `old-${n}` })).status).to.equal(201);
      const fresh = await book(token, body, { 'Idempotency-Key': 'fresh' });
      // Age every record but the fresh one past its 24 hours.
      const aged = await testDb()('idempotency_records').where({ user_id: user }).whereNot({ idem_key: 'fresh' }).update({ expires_at: new Date(Date.now() - 1000) });
      expect(aged).to.equal(21);
      // An aged answer no longer replays: the key is evaluated again, and the order row's own copy of it answers.
      const again = await book(token, body, { 'Idempotency-Key': 'old' });
      expect([again.status, again.body.orderSn, again.headers.get('idempotent-replayed')]).to.deep.equal([201, first.body.orderSn, 'true']);
      const others = [await startApp(), await startApp()];
      try {
        const deleted = await Promise.all([app, ...others].map((a) => a.deps.idempotentRequests.sweepExpired()));
        expect(deleted.reduce((x, y) => x + y, 0), `deleted by each replica: ${deleted.join(', ')}`).to.equal(20);
      } finally {
        await Promise.all(others.map((o) => o.close()));
      }
      const left = await testDb()('idempotency_records').where({ user_id: user }).orderBy('idem_key').pluck('idem_key');
      expect(left).to.deep.equal(['fresh', 'old']);
      expect((await book(token, body, { 'Idempotency-Key': 'fresh' })).body.orderSn).to.equal(fresh.body.orderSn);
    });

    it('refuses a key that is not 1-255 visible characters with 400 INVALID_HEADER', async () => {
      const token = await tokenFor(newUser());
      const res = await book(token, { itemType: 'route', itemId: 1, quantity: 1 }, { 'Idempotency-Key': 'x'.repeat(300) });
      expect([res.status, res.body.error.code, res.body.error.details.fields[0].path]).to.deep.equal([400, 'INVALID_HEADER', 'header.Idempotency-Key']);
    });
  });

  it('retries an order number that collides with an existing one', async () => {
    const route = await app.cat.aRoute({ groupSize: 5 });
    const taken = newOrderSn();
    let calls = 0;
    const colliding = await startApp({}, { orderSn: (now) => (++calls <= 2 ? taken : newOrderSn(now)) });
    try {
      const token = await tokenFor(newUser());
      const body = { ...contact, itemType: 'route', itemId: route.id, quantity: 1 };
      const first = await call(colliding.url, 'POST', '/api/v1/orders', { token, body });
      expect(first.body.orderSn).to.equal(taken);
      const second = await call(colliding.url, 'POST', '/api/v1/orders', { token, body });
      expect(second.status).to.equal(201);
      expect(second.body.orderSn).to.not.equal(taken);
      expect(calls, 'the colliding number was tried, refused by the unique index, and replaced').to.equal(3);
    } finally {
      await colliding.close();
    }
  });

  describe('group commit of concurrent bookings', () => {
    const metric = async (a: Pick<TestApp, 'deps'>, name: string) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(await a.deps.metrics.registry.metrics())?.[1] ?? 0);

    it('places bookings of different items in shared transactions, each item under its own lease; a sold-out or busy item fails or delays none of the others', async () => {
      const routes = await Promise.all(range(8).map(() => app.cat.aRoute({ groupSize: 100 })));
      const soldOut = await app.cat.aRoute({ groupSize: 1 });
      const busy = await app.cat.aRoute({ groupSize: 100 });
      const tokens = await Promise.all(range(8).map(() => tokenFor(newUser())));
      expect((await book(tokens[0] as string, { itemType: 'route', itemId: soldOut.id, quantity: 1 })).status).to.equal(201);
      // Another holder has the busy route's lease for 1.5 s (well inside LOCK_WAIT_MS, so its bookings wait, then go).
      const holdMs = 1500;
      await app.deps.lockClients[0]!.set(`${app.deps.config.redisKeyPrefix}lock:route:${busy.id}`, 'someone-else', 'PX', holdMs);
      const heldAt = Date.now();
      const [txBefore, itemsBefore] = [await metric(app, 'booking_batch_items_count'), await metric(app, 'booking_batch_items_sum')];
      const finished: Record<string, number[]> = { free: [], soldOut: [], busy: [] };
      const send = (kind: keyof typeof finished, id: number, i: number) =>
        book(tokens[i % 8] as string, { itemType: 'route', itemId: id, quantity: 1 }).then((r) => {
          finished[kind]?.push(Date.now() - heldAt);
          return r;
        });
      const [free, refused, waited] = await Promise.all([
        Promise.all(range(48).map((i) => send('free', (routes[i % 8] as { id: number }).id, i))),
        Promise.all(range(4).map((i) => send('soldOut', soldOut.id, i))),
        Promise.all(range(4).map((i) => send('busy', busy.id, i))),
      ]);
      expect(free.map((r) => r.status)).to.deep.equal(range(48).map(() => 201));
      expect(refused.map((r) => [r.status, r.body.error?.code])).to.deep.equal(range(4).map(() => [409, 'INSUFFICIENT_STOCK']));
      expect(waited.map((r) => r.status), 'the busy item is booked once its lease is free').to.deep.equal(range(4).map(() => 201));
      // Nobody waited for the busy item: every other booking was answered before its lease came free.
      expect(Math.max(...(finished['free'] as number[]), ...(finished['soldOut'] as number[])), 'ms after the hold began').to.be.lessThan(Math.min(...(finished['busy'] as number[])));
      expect(Math.min(...(finished['busy'] as number[])), 'the busy item waited for its lease').to.be.at.least(holdMs - 50);
      const [tx, items] = [(await metric(app, 'booking_batch_items_count')) - txBefore, (await metric(app, 'booking_batch_items_sum')) - itemsBefore];
      expect(items / tx, `${items} items in ${tx} transactions: several items share a transaction`).to.be.greaterThan(1);
      for (const r of routes) expect((await call(app.url, 'GET', `/api/v1/routes/${r.id}`)).body.salesCount).to.equal(6);
    });

    it('places concurrent bookings of one route in shared transactions, first come first served, exactly as many as fit', async () => {
      const route = await app.cat.aRoute({ groupSize: 50 });
      const tokens = await Promise.all(range(10).map(() => tokenFor(newUser())));
      const batchesBefore = await metric(app, 'booking_batch_size_count');
      const wants = range(60).map((i) => 1 + (i % 3));
      const results = await Promise.all(wants.map((q, i) => book(tokens[i % 10] as string, { itemType: 'route', itemId: route.id, quantity: q })));
      const accepted = results.reduce((sum, r, i) => sum + (r.status === 201 ? (wants[i] as number) : 0), 0);
      for (const r of results.filter((x) => x.status !== 201)) expect(r.body.error.code).to.equal('INSUFFICIENT_STOCK');
      const sold = (await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount;
      expect(sold).to.equal(accepted);
      expect(50 - sold, 'what is left is less than the smallest refused request').to.be.below(Math.min(...results.map((r, i) => (r.status === 201 ? 99 : (wants[i] as number)))));
      const batches = (await metric(app, 'booking_batch_size_count')) - batchesBefore;
      expect(batches, 'fewer transactions than bookings').to.be.below(60);
      const orderTotals = await testDb()('orders as o').join('order_items as i', 'i.order_id', 'o.id').where('i.item_id', route.id).andWhere('i.item_type', 'route').select('o.total_cents', 'i.quantity', 'i.price_cents');
      for (const row of orderTotals) expect(row.total_cents).to.equal(row.quantity * row.price_cents);
    });

    it('places a batch one by one when it cannot commit as one (colliding order numbers), losing nothing', async () => {
      const route = await app.cat.aRoute({ groupSize: 100 });
      const taken = newOrderSn();
      let calls = 0;
      const colliding = await startApp({}, { orderSn: (now) => (++calls % 3 === 0 ? taken : newOrderSn(now)) });
      try {
        const tokens = await Promise.all(range(5).map(() => tokenFor(newUser())));
        const results = await Promise.all(range(30).map((i) => call(colliding.url, 'POST', '/api/v1/orders', { token: tokens[i % 5] as string, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } })));
        expect(results.map((r) => r.status)).to.deep.equal(range(30).map(() => 201));
        expect(new Set(results.map((r) => r.body.orderSn)).size).to.equal(30);
        expect(await metric(colliding, 'booking_batch_conflicts_total')).to.be.greaterThan(0);
        expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(30);
      } finally {
        await colliding.close();
      }
    });
  });

  describe('reading orders', () => {
    it('shows an order to its owner and an admin, and 404 to anyone else', async () => {
      const route = await app.cat.aRoute();
      const [owner, other] = [await tokenFor(newUser()), await tokenFor(newUser())];
      const order = (await book(owner, { itemType: 'route', itemId: route.id, quantity: 1 })).body;
      const mine = await call(app.url, 'GET', `/api/v1/orders/${order.orderSn}`, { token: owner });
      expect(mine.status).to.equal(200);
      expect(mine.body).to.deep.include({ orderSn: order.orderSn, payments: [] });
      expect((await call(app.url, 'GET', `/api/v1/orders/${order.orderSn}`, { token: other })).status).to.equal(404);
      expect((await call(app.url, 'GET', `/api/v1/orders/${order.orderSn}`, { token: await app.cat.adminToken })).status).to.equal(200);
      expect((await call(app.url, 'GET', '/api/v1/orders/BD20270101000000AAAAAAAAAA', { token: owner })).status).to.equal(404);
      expect((await call(app.url, 'GET', '/api/v1/orders/not-an-order', { token: owner })).status).to.equal(422);
    });

    it('lists my orders newest first with a cursor', async () => {
      const route = await app.cat.aRoute({ groupSize: 20 });
      const token = await tokenFor(newUser());
      const made: string[] = [];
      for (const _ of range(5)) made.push((await book(token, { itemType: 'route', itemId: route.id, quantity: 1 })).body.orderSn);
      const page1 = await call(app.url, 'GET', '/api/v1/orders?limit=2', { token });
      const page2 = await call(app.url, 'GET', `/api/v1/orders?limit=2&cursor=${page1.body.nextCursor}`, { token });
      const page3 = await call(app.url, 'GET', `/api/v1/orders?limit=2&cursor=${page2.body.nextCursor}`, { token });
      const seen = [...page1.body.orders, ...page2.body.orders, ...page3.body.orders].map((o: { orderSn: string }) => o.orderSn);
      expect(seen).to.deep.equal([...made].reverse());
      expect(page3.body.nextCursor).to.equal(null);
      expect((await call(app.url, 'GET', '/api/v1/orders?status=paid', { token })).body.orders).to.deep.equal([]);
      expect((await call(app.url, 'GET', '/api/v1/orders?limit=0', { token })).status).to.equal(422);
      expect((await call(app.url, 'GET', '/api/v1/orders?cursor=zzz', { token })).status).to.equal(422);
    });
  });
});
