import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnReplica } from '../../src/cluster/processes.js';
import { call, contact, expectStockMatchesOrders, futureDate, newUser, range, testDb, tokenFor, type Res } from '../support/harness.js';
import { useCluster } from '../support/cluster.js';
import { newTxnId, payIntent, sendCallback } from '../support/payments.js';

const MARKER_TTL_SECONDS = 5;

describe('packages and refunds across 3 replicas (separate processes)', function () {
  this.timeout(240_000);
  const cluster = useCluster({ env: { REFUND_PROVIDER: 'manual', PAYMENT_MARKER_TTL_SECONDS: String(MARKER_TTL_SECONDS), EXPIRY_SWEEP_INTERVAL_MS: '100' } });
  afterEach(async () => expectStockMatchesOrders());
  const url = (i: number) => cluster.urls[i % cluster.urls.length] as string;

  async function aPaidOrder(i: number, token: string, items: unknown[]) {
    const booked = await call(url(i), 'POST', '/api/v1/orders', { token, body: { items, ...contact } });
    expect(booked.status, booked.text).to.equal(201);
    const intent = (await payIntent(url(i + 1), token, booked.body.orderSn)).body;
    const paid = await sendCallback(url(i + 2), { paymentId: intent.paymentId, orderSn: booked.body.orderSn, providerTxnId: newTxnId(), amountCents: booked.body.totalCents, status: 'succeeded' });
    expect(paid.body.orderStatus, paid.text).to.equal('paid');
    return booked.body as { orderSn: string; totalCents: number };
  }

  it('packages race single bookings and other packages on overlapping items: every request answered, never a partial order', async () => {
    const routes = await Promise.all(range(3).map(() => cluster.cat.aRoute({ groupSize: 12 })));
    const { hotel, roomType } = await cluster.cat.aHotel({ totalRooms: 6 });
    const [a, b, c] = routes.map((r) => r.id) as [number, number, number];
    const route = (id: number, quantity = 1) => ({ itemType: 'route', itemId: id, quantity });
    const stay = { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: futureDate(70), checkOut: futureDate(73), quantity: 1 };
    // Overlapping sets in every order of items, so replicas taking leases in the order they were asked would deadlock.
    const shapes: unknown[][] = [[route(a), route(b)], [route(b), route(c)], [route(c), route(a)], [route(a), stay], [stay, route(c)], [route(b), route(b)]];
    const tokens = await Promise.all(range(20).map(() => tokenFor(newUser())));
    const requests = range(150).map((i) => ({ i, items: i % 5 === 4 ? [route([a, b, c][i % 3] as number)] : (shapes[i % shapes.length] as unknown[]) }));
    const answers = await Promise.all(
      requests.map(async ({ i, items }) => {
        await sleep(Math.random() * 50);
        return { items, res: await call(url(i), 'POST', '/api/v1/orders', { token: tokens[i % 20] as string, body: { items, ...contact } }) };
      }),
    );
    const codes = answers.map(({ res }) => (res.status === 201 ? '201' : `${res.status} ${res.body?.error?.code}`));
    const tally = codes.reduce<Record<string, number>>((t, k) => ({ ...t, [k]: (t[k] ?? 0) + 1 }), {});
    process.stdout.write(`      (answers: ${JSON.stringify(tally)})\n`);
    expect(Object.keys(tally).every((k) => ['201', '409 INSUFFICIENT_STOCK', '503 LOCK_BUSY'].includes(k)), JSON.stringify(tally)).to.equal(true);
    expect(tally['201'] ?? 0).to.be.greaterThan(0);
    // Every accepted order holds every one of its lines; nothing of a refused one exists.
    for (const { items, res } of answers.filter((x) => x.res.status === 201)) {
      const lines = await testDb()('order_items as oi').join('orders as o', 'o.id', 'oi.order_id').where('o.order_sn', res.body.orderSn).count({ n: '*' });
      expect(Number(lines[0]?.['n']), res.body.orderSn).to.equal(items.length);
    }
    const accepted = answers.filter((x) => x.res.status === 201).map((x) => x.res.body.orderSn as string);
    const stored = await testDb()('orders').whereIn('user_id', await Promise.all(tokens.map(async (t) => JSON.parse(Buffer.from(t.split('.')[1] as string, 'base64url').toString()).sub as string))).pluck('order_sn');
    expect([...stored].sort(), 'no order that no client was told of').to.deep.equal([...accepted].sort());
  });

  it('two paid cancellations of one order at once (ten, over three replicas): the stock comes back once and there is one refund', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 5, departureDate: futureDate(30) });
    const token = await tokenFor(newUser());
    const order = await aPaidOrder(0, token, [{ itemType: 'route', itemId: route.id, quantity: 3 }]);
    const answers = await Promise.all(range(10).map((i) => call(url(i), 'POST', `/api/v1/orders/${order.orderSn}/cancel`, { token })));
    expect(answers.map((r) => r.status)).to.deep.equal(range(10).map(() => 200));
    const refunds = await testDb()('refunds as r').join('orders as o', 'o.id', 'r.order_id').where('o.order_sn', order.orderSn).select('r.amount_cents');
    expect(refunds.map((r: { amount_cents: number }) => r.amount_cents)).to.deep.equal([order.totalCents]);
    expect((await call(url(0), 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(0);
  });

  it('cancel against expiry, 50 times: each order ends cancelled or expired, its stock released once', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 50 });
    const made = await Promise.all(
      range(50).map(async (i) => {
        const token = await tokenFor(newUser());
        const res = await call(url(i), 'POST', '/api/v1/orders', { token, body: { itemType: 'route', itemId: route.id, quantity: 1, ...contact } });
        return { token, sn: res.body.orderSn as string };
      }),
    );
    await testDb()('orders').whereIn('order_sn', made.map((m) => m.sn)).update({ expires_at: new Date(Date.now() - 1000) });
    const answers = await Promise.all(made.map((m, i) => call(url(i + 1), 'POST', `/api/v1/orders/${m.sn}/cancel`, { token: m.token })));
    for (const r of answers) expect([200, 409], r.text).to.include(r.status);
    for (let i = 0; i < 100; i += 1) {
      if (Number((await testDb()('orders').whereIn('order_sn', made.map((m) => m.sn)).andWhere('status', 'pending').count({ n: '*' }))[0]?.['n']) === 0) break;
      await sleep(100);
    }
    const statuses = await testDb()('orders').whereIn('order_sn', made.map((m) => m.sn)).pluck('status');
    expect(statuses.every((s: string) => s === 'cancelled' || s === 'expired'), JSON.stringify(statuses)).to.equal(true);
    expect((await call(url(0), 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(0);
  });

  it('30 duplicate refund notices over 3 replicas make one transition; a replica killed between marker and commit loses none', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 10 });
    const token = await tokenFor(newUser());
    const refundOf = async () => {
      const order = await aPaidOrder(0, token, [{ itemType: 'route', itemId: route.id, quantity: 1 }]);
      return (await call(url(1), 'POST', `/api/v1/orders/${order.orderSn}/cancel`, { token })).body.refunds[0] as { refundId: string; amountCents: number };
    };
    const refund = await refundOf();
    const notice = { type: 'refund', refundId: refund.refundId, providerRefundId: `rf_${newTxnId()}`, amountCents: refund.amountCents, status: 'succeeded' };
    const answers: Res[] = [];
    // Redelivered as a provider would: an answer of 409 (another delivery in progress) is tried again shortly.
    await Promise.all(
      range(30).map(async (i) => {
        for (let tries = 0; tries < 50; tries += 1) {
          const r = await sendCallback(url(i), notice as never);
          if (r.status !== 409) return void answers.push(r);
          await sleep(20 + Math.random() * 30);
        }
      }),
    );
    expect(answers.map((r) => r.status)).to.deep.equal(range(30).map(() => 200));
    expect(answers.filter((r) => r.body.duplicate === false)).to.have.length(1);
    expect(Number((await testDb()('refund_callbacks').where({ provider_refund_id: notice.providerRefundId }).count({ n: '*' }))[0]?.['n'])).to.equal(1);

    const second = await refundOf();
    const dying = { ...notice, refundId: second.refundId, providerRefundId: `rf_${newTxnId()}`, amountCents: second.amountCents };
    const victim = cluster.replicas[0] as (typeof cluster.replicas)[number];
    await call(victim.url, 'POST', '/__faults', { body: { point: 'payment.afterMarker', crash: true } });
    const lost = await sendCallback(victim.url, dying as never).catch((e: Error) => e);
    expect(lost instanceof Error || lost.status >= 500, 'the replica died before answering').to.equal(true);
    // The marker outlives the replica for its TTL; the provider's retry after it is processed.
    let after: Res | undefined;
    for (let i = 0; i < 60; i += 1) {
      after = await sendCallback(url(1), dying as never);
      if (after.status !== 409) break;
      await sleep(250);
    }
    expect([after?.status, after?.body.duplicate, after?.body.refundStatus], after?.text).to.deep.equal([200, false, 'succeeded']);
    cluster.replicas[0] = await spawnReplica(cluster.env);
  });
});
