import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { call, catalogue, contact, expectStockMatchesOrders, futureDate, newUser, startApp, testDb, tokenFor, useApp, type Res, type SuiteApp } from '../support/harness.js';
import { newTxnId, payIntent, sendCallback } from '../support/payments.js';

type App = Pick<SuiteApp, 'url'>;

/** Books the lines as one order and pays it through a signed callback; returns the paid order. */
async function aPaidOrder(app: App, token: string, items: unknown[]) {
  const booked = await call(app.url, 'POST', '/api/v1/orders', { token, body: { items, ...contact } });
  expect(booked.status, booked.text).to.equal(201);
  const intent = (await payIntent(app.url, token, booked.body.orderSn)).body;
  const paid = await sendCallback(app.url, { paymentId: intent.paymentId, orderSn: booked.body.orderSn, providerTxnId: newTxnId(), amountCents: booked.body.totalCents, status: 'succeeded' });
  expect(paid.body.orderStatus, paid.text).to.equal('paid');
  return booked.body as { orderSn: string; totalCents: number; items: Array<{ subtotalCents: number }> };
}

const readOrder = (app: App, token: string, sn: string) => call(app.url, 'GET', `/api/v1/orders/${sn}`, { token });

async function refundSettled(app: App, token: string, sn: string, refunds: number): Promise<Res> {
  for (let i = 0; i < 100; i += 1) {
    const r = await readOrder(app, token, sn);
    if (r.body.refunds?.length === refunds && r.body.refunds.every((x: { status: string }) => x.status !== 'pending')) return r;
    await sleep(20);
  }
  return readOrder(app, token, sn);
}

describe('cancelling what was paid, and refunds (real MySQL and Redis; the development provider calls back)', () => {
  const app = useApp();
  afterEach(async () => expectStockMatchesOrders());
  const cancel = (token: string, sn: string, body?: unknown) => call(app.url, 'POST', `/api/v1/orders/${sn}/cancel`, { token, ...(body !== undefined ? { body } : {}) });
  const sold = async (routeId: number) => (await call(app.url, 'GET', `/api/v1/routes/${routeId}`)).body.salesCount as number;

  it('a paid order cancelled before it starts gives its stock back and is refunded in full; the provider reports the refund done', async () => {
    const route = await app.cat.aRoute({ groupSize: 5, departureDate: futureDate(30) });
    const token = await tokenFor(newUser());
    const order = await aPaidOrder(app, token, [{ itemType: 'route', itemId: route.id, quantity: 2 }]);
    const res = await cancel(token, order.orderSn);
    expect([res.status, res.body.status], res.text).to.deep.equal([200, 'cancelled']);
    expect(res.body.refunds).to.have.length(1);
    expect(res.body.refunds[0]).to.deep.include({ amountCents: order.totalCents, lines: [0] });
    expect(await sold(route.id)).to.equal(0);
    const settled = await refundSettled(app, token, order.orderSn, 1);
    expect(settled.body.refunds[0].status).to.equal('succeeded');
    // A repeat changes nothing: no second refund, no second release.
    const again = await cancel(token, order.orderSn);
    expect([again.status, again.body.refunds.length]).to.deep.equal([200, 1]);
  });

  it('cancels some lines of a paid package ({"lines": [0, 2]}): those lines are refunded their subtotals, the rest stay booked and paid', async () => {
    const route = await app.cat.aRoute({ groupSize: 5, departureDate: futureDate(30) });
    const spot = await app.cat.aScenicSpot({ dailyQuota: 5 });
    const { hotel, roomType } = await app.cat.aHotel({ totalRooms: 3 });
    const token = await tokenFor(newUser());
    const order = await aPaidOrder(app, token, [
      { itemType: 'route', itemId: route.id, quantity: 1 },
      { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: futureDate(30), checkOut: futureDate(32), quantity: 1 },
      { itemType: 'scenic', itemId: spot.id, visitDate: futureDate(31), quantity: 2 },
    ]);
    const part = await cancel(token, order.orderSn, { lines: [0, 2] });
    expect([part.status, part.body.status], part.text).to.deep.equal([200, 'paid']);
    expect(part.body.items.map((i: { status: string }) => i.status)).to.deep.equal(['cancelled', 'booked', 'cancelled']);
    const first = (order.items[0]?.subtotalCents ?? 0) + (order.items[2]?.subtotalCents ?? 0);
    expect(part.body.refunds.map((r: { amountCents: number; lines: number[] }) => [r.amountCents, r.lines])).to.deep.equal([[first, [0, 2]]]);
    expect(await sold(route.id)).to.equal(0);
    const rest = await cancel(token, order.orderSn);
    expect(rest.body.status).to.equal('cancelled');
    expect(rest.body.refunds.reduce((s: number, r: { amountCents: number }) => s + r.amountCents, 0), 'never more than was paid, and all of it').to.equal(order.totalCents);
    expect(Number((await testDb()('room_nights').where({ room_type_id: roomType.id }).sum({ n: 'sold' }))[0]?.['n'])).to.equal(0);
  });

  it('refuses to cancel a paid line that has started (409 NOT_CANCELLABLE naming it), and lines that are not the order\'s (422)', async () => {
    const started = await app.cat.aRoute({ groupSize: 5, departureDate: futureDate(-1) });
    const later = await app.cat.aRoute({ groupSize: 5, departureDate: futureDate(20) });
    const token = await tokenFor(newUser());
    const order = await aPaidOrder(app, token, [{ itemType: 'route', itemId: later.id, quantity: 1 }, { itemType: 'route', itemId: started.id, quantity: 1 }]);
    const res = await cancel(token, order.orderSn);
    expect([res.status, res.body.error.code, res.body.error.details.line], res.text).to.deep.equal([409, 'NOT_CANCELLABLE', 1]);
    for (const body of [{ lines: [5] }, { lines: [0, 0] }, { lines: [] }, { lines: ['a'] }, { other: 1 }]) {
      const bad = await cancel(token, order.orderSn, body);
      expect([bad.status, bad.body.error.code], `${JSON.stringify(body)}: ${bad.text}`).to.deep.equal([422, 'VALIDATION_FAILED']);
    }
    expect((await readOrder(app, token, order.orderSn)).body.status, 'nothing changed').to.equal('paid');
    expect([await sold(later.id), await sold(started.id)]).to.deep.equal([1, 1]);
    // The line that has not started can still go.
    expect((await cancel(token, order.orderSn, { lines: [0] })).body.items.map((i: { status: string }) => i.status)).to.deep.equal(['cancelled', 'booked']);
  });

  it('cancelling lines of a pending order lowers what is left to pay; the old amount is then a mismatch', async () => {
    const a = await app.cat.aRoute({ groupSize: 5, priceCents: 100_00 });
    const b = await app.cat.aRoute({ groupSize: 5, priceCents: 30_00 });
    const token = await tokenFor(newUser());
    const booked = (await call(app.url, 'POST', '/api/v1/orders', { token, body: { items: [{ itemType: 'route', itemId: a.id, quantity: 1 }, { itemType: 'route', itemId: b.id, quantity: 1 }], ...contact } })).body;
    const intent = (await payIntent(app.url, token, booked.orderSn)).body;
    const part = await cancel(token, booked.orderSn, { lines: [0] });
    expect([part.body.status, part.body.totalCents, part.body.refunds]).to.deep.equal(['pending', 30_00, []]);
    expect((await payIntent(app.url, token, booked.orderSn)).body.amountCents, 'the intent asks for what is left').to.equal(30_00);
    const old = await sendCallback(app.url, { paymentId: intent.paymentId, orderSn: booked.orderSn, providerTxnId: newTxnId(), amountCents: 130_00, status: 'succeeded' });
    expect(old.status).to.equal(422);
    const ok = await sendCallback(app.url, { paymentId: intent.paymentId, orderSn: booked.orderSn, providerTxnId: newTxnId(), amountCents: 30_00, status: 'succeeded' });
    expect(ok.body.orderStatus).to.equal('paid');
    expect([await sold(a.id), await sold(b.id)]).to.deep.equal([0, 1]);
  });

  describe('refund notices on the callback, with the provider answering by hand', () => {
    let manual: Awaited<ReturnType<typeof startApp>>;
    let mcat: ReturnType<typeof catalogue>;
    before(async () => {
      manual = await startApp({ REFUND_PROVIDER: 'manual' });
      mcat = catalogue(manual.url);
    });
    after(async () => manual?.close());

    const notice = (body: Record<string, unknown>) => sendCallback(manual.url, body as never);

    it('moves a refund once: a redelivery is a duplicate; an unknown refund is 404, another amount 422, a bad signature 401', async () => {
      const route = await mcat.aRoute({ groupSize: 5 });
      const token = await tokenFor(newUser());
      const order = await aPaidOrder(manual, token, [{ itemType: 'route', itemId: route.id, quantity: 1 }]);
      const refund = (await call(manual.url, 'POST', `/api/v1/orders/${order.orderSn}/cancel`, { token })).body.refunds[0];
      expect(refund.status).to.equal('pending');
      const body = { type: 'refund', refundId: refund.refundId, providerRefundId: `rf_${newTxnId()}`, amountCents: refund.amountCents, status: 'succeeded' };
      expect((await sendCallback(manual.url, body as never, { secret: 'not-the-webhook-secret-not-the-webhook-secret' })).status).to.equal(401);
      expect((await notice({ ...body, refundId: '0190e0f0-0000-7000-8000-000000000000' })).status).to.equal(404);
      expect((await notice({ ...body, amountCents: refund.amountCents + 1 })).status).to.equal(422);
      const first = await notice(body);
      expect(first.body, first.text).to.deep.equal({ received: true, duplicate: false, refundStatus: 'succeeded' });
      const again = await notice(body);
      expect(again.body).to.deep.equal({ received: true, duplicate: true, refundStatus: 'succeeded' });
      // A late failure notice of another attempt cannot undo a refund that succeeded.
      await notice({ ...body, providerRefundId: `rf_${newTxnId()}`, status: 'failed' });
      expect((await readOrder(manual, token, order.orderSn)).body.refunds[0].status).to.equal('succeeded');
    });

    it('a failed refund is listed for admins and can be retried; it then succeeds, once', async () => {
      const route = await mcat.aRoute({ groupSize: 5 });
      const token = await tokenFor(newUser());
      const admin = await mcat.adminToken;
      const order = await aPaidOrder(manual, token, [{ itemType: 'route', itemId: route.id, quantity: 1 }]);
      const refund = (await call(manual.url, 'POST', `/api/v1/orders/${order.orderSn}/cancel`, { token })).body.refunds[0];
      expect((await call(manual.url, 'POST', `/api/v1/admin/refunds/${refund.refundId}/retry`, { token: admin })).status, 'only a failed refund is retried').to.equal(409);
      await notice({ type: 'refund', refundId: refund.refundId, providerRefundId: `rf_${newTxnId()}`, amountCents: refund.amountCents, status: 'failed' });
      const failed = await call(manual.url, 'GET', '/api/v1/admin/refunds?status=failed', { token: admin });
      expect(failed.body.refunds.map((r: { refundId: string }) => r.refundId)).to.include(refund.refundId);
      expect((await call(manual.url, 'GET', '/api/v1/admin/refunds?status=failed', { token })).status, 'admins only').to.equal(403);
      const retried = await call(manual.url, 'POST', `/api/v1/admin/refunds/${refund.refundId}/retry`, { token: admin });
      expect([retried.status, retried.body.status]).to.deep.equal([200, 'pending']);
      await notice({ type: 'refund', refundId: refund.refundId, providerRefundId: `rf_${newTxnId()}`, amountCents: refund.amountCents, status: 'succeeded' });
      expect((await readOrder(manual, token, order.orderSn)).body.refunds.map((r: { status: string }) => r.status)).to.deep.equal(['succeeded']);
    });

    it('a refund_required payment is refunded whole by an admin, once, and leaves the list of payments that need a human', async () => {
      const route = await mcat.aRoute({ groupSize: 1 });
      const token = await tokenFor(newUser());
      const admin = await mcat.adminToken;
      const order = await aPaidOrder(manual, token, [{ itemType: 'route', itemId: route.id, quantity: 1 }]);
      const intent = (await payIntent(manual.url, token, order.orderSn)).body;
      // A second charge for a paid order is owed back.
      const second = await sendCallback(manual.url, { paymentId: intent.paymentId, orderSn: order.orderSn, providerTxnId: newTxnId(), amountCents: order.totalCents, status: 'succeeded' });
      expect(second.body.paymentStatus).to.equal('refund_required');
      const owed = (await call(manual.url, 'GET', '/api/v1/admin/payments?status=refund_required&limit=500', { token: admin })).body.payments.find((p: { orderSn: string }) => p.orderSn === order.orderSn);
      const refund = await call(manual.url, 'POST', `/api/v1/admin/payments/${owed.paymentId}/refund`, { token: admin });
      expect([refund.status, refund.body.amountCents, refund.body.lines], refund.text).to.deep.equal([201, order.totalCents, []]);
      expect((await call(manual.url, 'POST', `/api/v1/admin/payments/${owed.paymentId}/refund`, { token: admin })).status, 'once').to.equal(409);
      const still = (await call(manual.url, 'GET', '/api/v1/admin/payments?status=refund_required&limit=500', { token: admin })).body.payments;
      expect(still.map((p: { paymentId: string }) => p.paymentId)).to.not.include(owed.paymentId);
      expect((await readOrder(manual, token, order.orderSn)).body.status, 'the order itself stays paid').to.equal('paid');
    });
  });
});
