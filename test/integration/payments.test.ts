import { expect } from 'chai';
import { runNode } from '../../src/cluster/processes.js';
import { call, contact, expectStockMatchesOrders, futureDate, newUser, range, useApp, testDb, testEnv, tokenFor } from '../support/harness.js';
import { newTxnId, payIntent, sendCallback } from '../support/payments.js';
import { fileURLToPath } from 'node:url';

const CLI = (name: string) => fileURLToPath(new URL(`../../src/cli/${name}.js`, import.meta.url));

describe('payments and the order life (one replica, real MySQL and Redis)', () => {
  const app = useApp();
  afterEach(async () => expectStockMatchesOrders());

  async function anOrder({ groupSize = 10, quantity = 1 } = {}) {
    const route = await app.cat.aRoute({ groupSize, priceCents: 250_00 });
    const user = newUser();
    const token = await tokenFor(user);
    const res = await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: route.id, quantity } });
    expect(res.status).to.equal(201);
    return { route, token, user, order: res.body as { orderSn: string; totalCents: number } };
  }
  const routeSold = async (id: number) => (await call(app.url, 'GET', `/api/v1/routes/${id}`)).body.salesCount as number;
  const orderOf = async (token: string, sn: string) => (await call(app.url, 'GET', `/api/v1/orders/${sn}`, { token })).body;
  const paymentRows = async (sn: string) => testDb()('payments as p').join('orders as o', 'o.id', 'p.order_id').where('o.order_sn', sn).select('p.status', 'p.provider_txn_id');

  describe('POST /orders/:orderSn/pay', () => {
    it('makes the one payment intent once: 201, then 200 with the same paymentId, also under concurrency', async () => {
      const { token, order } = await anOrder({ quantity: 2 });
      const answers = await Promise.all(range(10).map(() => payIntent(app.url, token, order.orderSn)));
      expect(answers.filter((a) => a.status === 201)).to.have.length(1);
      expect(answers.filter((a) => a.status === 200)).to.have.length(9);
      expect(new Set(answers.map((a) => a.body.paymentId)).size).to.equal(1);
      expect(answers[0]?.body).to.include({ orderSn: order.orderSn, amountCents: 500_00, currency: 'CNY', status: 'requires_payment' });
      expect(await testDb()('payment_intents').count({ n: '*' }).whereRaw('order_id = (SELECT id FROM orders WHERE order_sn = ?)', [order.orderSn])).to.deep.equal([{ n: 1 }]);
    });

    it('honours Idempotency-Key, and refuses another user (404) and a non-pending order (409 with the status)', async () => {
      const { token, order } = await anOrder();
      const first = await call(app.url, 'POST', `/api/v1/orders/${order.orderSn}/pay`, { token, headers: { 'Idempotency-Key': 'pay-1' } });
      const replay = await call(app.url, 'POST', `/api/v1/orders/${order.orderSn}/pay`, { token, headers: { 'Idempotency-Key': 'pay-1' } });
      expect(first.status).to.equal(201);
      expect(replay.status).to.equal(201);
      expect(replay.headers.get('idempotent-replayed')).to.equal('true');
      expect(replay.body).to.deep.equal(first.body);
      expect((await payIntent(app.url, await tokenFor(newUser()), order.orderSn)).status).to.equal(404);

      const other = await anOrder();
      expect((await call(app.url, 'POST', `/api/v1/orders/${other.order.orderSn}/cancel`, { token: other.token })).status).to.equal(200);
      const refused = await payIntent(app.url, other.token, other.order.orderSn);
      expect(refused.status).to.equal(409);
      expect(refused.body.error).to.deep.include({ code: 'ORDER_NOT_PENDING' });
      expect(refused.body.error.details.status).to.equal('cancelled');
    });
  });

  describe('POST /payments/callback', () => {
    it('marks the order paid once; a repeat is a duplicate; the order shows the payment', async () => {
      const { route, token, order } = await anOrder();
      const intent = (await payIntent(app.url, token, order.orderSn)).body;
      const cb = { paymentId: intent.paymentId, orderSn: order.orderSn, providerTxnId: newTxnId(), amountCents: order.totalCents, status: 'succeeded' as const };
      const first = await sendCallback(app.url, cb);
      expect(first.status).to.equal(200);
      expect(first.body).to.deep.equal({ received: true, duplicate: false, orderStatus: 'paid', paymentStatus: 'succeeded' });
      const again = await sendCallback(app.url, cb);
      expect(again.status).to.equal(200);
      expect(again.body).to.deep.equal({ received: true, duplicate: true, orderStatus: 'paid', paymentStatus: 'succeeded' });
      const read = await orderOf(token, order.orderSn);
      expect(read.status).to.equal('paid');
      expect(read.payments).to.have.length(1);
      expect(read.payments[0]).to.deep.include({ intentId: intent.paymentId, providerTxnId: cb.providerTxnId, amountCents: order.totalCents, status: 'succeeded' });
      expect(read.payments[0].paymentId, 'the payment has an id of its own').to.match(/^[0-9a-f-]{36}$/).and.not.equal(intent.paymentId);
      expect(await routeSold(route.id), 'a paid order keeps its stock').to.equal(1);
      // Pay on a paid order: the contract's "200 after", the one intent, succeeded; nothing more to pay.
      const afterPaid = await payIntent(app.url, token, order.orderSn);
      expect(afterPaid.status).to.equal(200);
      expect(afterPaid.body).to.deep.include({ paymentId: intent.paymentId, intentId: intent.paymentId, status: 'succeeded' });
    });

    it('refuses a bad signature, a stale timestamp, a signature over another body and an amount mismatch; nothing is paid', async () => {
      const { token, order } = await anOrder();
      const intent = (await payIntent(app.url, token, order.orderSn)).body;
      const cb = { paymentId: intent.paymentId, orderSn: order.orderSn, providerTxnId: newTxnId(), amountCents: order.totalCents, status: 'succeeded' as const };
      const badSecret = await sendCallback(app.url, cb, { secret: 'not-the-secret-not-the-secret-0123456789' });
      expect([badSecret.status, badSecret.body.error.code]).to.deep.equal([401, 'BAD_SIGNATURE']);
      const stale = await sendCallback(app.url, cb, { timestamp: Math.floor(Date.now() / 1000) - 600 });
      expect([stale.status, stale.body.error.code]).to.deep.equal([401, 'STALE_SIGNATURE']);
      const swapped = await sendCallback(app.url, cb, { signedBody: JSON.stringify({ ...cb, amountCents: 1 }) });
      expect([swapped.status, swapped.body.error.code]).to.deep.equal([401, 'BAD_SIGNATURE']);
      const unsigned = await call(app.url, 'POST', '/api/v1/payments/callback', { body: cb });
      expect([unsigned.status, unsigned.body.error.code]).to.deep.equal([401, 'BAD_SIGNATURE']);
      expect((await orderOf(token, order.orderSn)).status).to.equal('pending');
      expect(await paymentRows(order.orderSn)).to.deep.equal([]);

      const wrongAmount = await sendCallback(app.url, { ...cb, amountCents: order.totalCents - 1 });
      expect([wrongAmount.status, wrongAmount.body.error.code]).to.deep.equal([422, 'AMOUNT_MISMATCH']);
      const redelivered = await sendCallback(app.url, { ...cb, amountCents: order.totalCents - 1 });
      expect(redelivered.status, 'a redelivery gets the same refusal').to.equal(422);
      expect((await orderOf(token, order.orderSn)).status).to.equal('pending');
      expect(await paymentRows(order.orderSn)).to.deep.equal([{ status: 'amount_mismatch', provider_txn_id: cb.providerTxnId }]);
    });

    it('records a failed payment and leaves the order pending; a later success pays it', async () => {
      const { token, order } = await anOrder();
      const intent = (await payIntent(app.url, token, order.orderSn)).body;
      const failed = await sendCallback(app.url, { paymentId: intent.paymentId, orderSn: order.orderSn, providerTxnId: newTxnId(), amountCents: order.totalCents, status: 'failed' });
      expect(failed.body).to.include({ received: true, duplicate: false, orderStatus: 'pending' });
      const ok = await sendCallback(app.url, { paymentId: intent.paymentId, orderSn: order.orderSn, providerTxnId: newTxnId(), amountCents: order.totalCents, status: 'succeeded' });
      expect(ok.body.orderStatus).to.equal('paid');
      expect((await paymentRows(order.orderSn)).map((p) => p.status).sort()).to.deep.equal(['failed', 'succeeded']);
      // Each payment row is its own payment; the intent they answer is named as such.
      const { payments } = await orderOf(token, order.orderSn);
      expect(payments.map((p: { status: string }) => p.status).sort()).to.deep.equal(['failed', 'succeeded']);
      expect(new Set(payments.map((p: { paymentId: string }) => p.paymentId)).size, 'two payments, two ids').to.equal(2);
      expect(payments.map((p: { paymentId: string }) => p.paymentId)).to.not.include(intent.paymentId);
      expect(payments.map((p: { intentId: string }) => p.intentId)).to.deep.equal([intent.paymentId, intent.paymentId]);
    });

    it('answers 404 for a payment that is not this order\'s, and 422 for a malformed body', async () => {
      const a = await anOrder();
      const b = await anOrder();
      const intentB = (await payIntent(app.url, b.token, b.order.orderSn)).body;
      const mixed = await sendCallback(app.url, { paymentId: intentB.paymentId, orderSn: a.order.orderSn, providerTxnId: newTxnId(), amountCents: a.order.totalCents, status: 'succeeded' });
      expect(mixed.status).to.equal(404);
      const malformed = await sendCallback(app.url, JSON.stringify({ paymentId: 'x', orderSn: a.order.orderSn, providerTxnId: '', amountCents: -5, status: 'maybe' }));
      expect(malformed.status).to.equal(422);
      expect((await orderOf(a.token, a.order.orderSn)).status).to.equal('pending');
    });

    it('a second success on a paid order is kept as refund_required, never dropped', async () => {
      const { token, order } = await anOrder();
      const intent = (await payIntent(app.url, token, order.orderSn)).body;
      const base_ = { paymentId: intent.paymentId, orderSn: order.orderSn, amountCents: order.totalCents, status: 'succeeded' as const };
      await sendCallback(app.url, { ...base_, providerTxnId: newTxnId() });
      const second = await sendCallback(app.url, { ...base_, providerTxnId: newTxnId() });
      expect(second.status).to.equal(200);
      expect(second.body).to.include({ duplicate: false, orderStatus: 'paid', paymentStatus: 'refund_required' });
    });
  });

  describe('cancel', () => {
    it('gives the stock back exactly once, however often it is repeated; another user gets 404', async () => {
      const { route, token, order } = await anOrder({ quantity: 3 });
      expect(await routeSold(route.id)).to.equal(3);
      expect((await call(app.url, 'POST', `/api/v1/orders/${order.orderSn}/cancel`, { token: await tokenFor(newUser()) })).status).to.equal(404);
      const results = await Promise.all(range(5).map(() => call(app.url, 'POST', `/api/v1/orders/${order.orderSn}/cancel`, { token })));
      expect(results.every((r) => r.status === 200 || r.status === 409)).to.equal(true);
      expect(await routeSold(route.id)).to.equal(0);
      const again = await call(app.url, 'POST', `/api/v1/orders/${order.orderSn}/cancel`, { token });
      expect(again.status).to.equal(200);
      expect(again.body.status).to.equal('cancelled');
    });

    it('money for a cancelled order re-takes the stock if it is still there (paid), else is refund_required and listed for admins', async () => {
      const a = await anOrder({ groupSize: 1 });
      const intentA = (await payIntent(app.url, a.token, a.order.orderSn)).body;
      await call(app.url, 'POST', `/api/v1/orders/${a.order.orderSn}/cancel`, { token: a.token });
      const paidLate = await sendCallback(app.url, { paymentId: intentA.paymentId, orderSn: a.order.orderSn, providerTxnId: newTxnId(), amountCents: a.order.totalCents, status: 'succeeded' });
      expect(paidLate.body).to.include({ orderStatus: 'paid', paymentStatus: 'succeeded' });
      expect(await routeSold(a.route.id)).to.equal(1);

      const b = await anOrder({ groupSize: 1 });
      const intentB = (await payIntent(app.url, b.token, b.order.orderSn)).body;
      await call(app.url, 'POST', `/api/v1/orders/${b.order.orderSn}/cancel`, { token: b.token });
      const thief = await call(app.url, 'POST', '/api/v1/orders', { token: await tokenFor(newUser()), body: { ...contact, itemType: 'route', itemId: b.route.id, quantity: 1 } });
      expect(thief.status).to.equal(201);
      const txn = newTxnId();
      const refunded = await sendCallback(app.url, { paymentId: intentB.paymentId, orderSn: b.order.orderSn, providerTxnId: txn, amountCents: b.order.totalCents, status: 'succeeded' });
      expect(refunded.status).to.equal(200);
      expect(refunded.body).to.include({ orderStatus: 'cancelled', paymentStatus: 'refund_required' });
      const listed = await call(app.url, 'GET', '/api/v1/admin/payments?status=refund_required', { token: await app.cat.adminToken });
      expect(listed.body.payments.map((p: { providerTxnId: string }) => p.providerTxnId)).to.include(txn);
      expect((await call(app.url, 'GET', '/api/v1/admin/payments', { token: b.token })).status).to.equal(403);
    });
  });

  describe('expiry', () => {
    it('expires due orders and releases their stock; never touches a paid one', async () => {
      const due = await anOrder({ quantity: 2 });
      const paid = await anOrder({ quantity: 1 });
      const intent = (await payIntent(app.url, paid.token, paid.order.orderSn)).body;
      await sendCallback(app.url, { paymentId: intent.paymentId, orderSn: paid.order.orderSn, providerTxnId: newTxnId(), amountCents: paid.order.totalCents, status: 'succeeded' });
      await testDb()('orders').whereIn('order_sn', [due.order.orderSn, paid.order.orderSn]).update({ expires_at: new Date(Date.now() - 1000) });
      const expired = await app.deps.expirySweep.expireDue();
      expect(expired).to.be.at.least(1);
      expect((await orderOf(due.token, due.order.orderSn)).status).to.equal('expired');
      expect((await orderOf(paid.token, paid.order.orderSn)).status).to.equal('paid');
      expect(await routeSold(due.route.id)).to.equal(0);
      expect(await routeSold(paid.route.id)).to.equal(1);
      expect(await app.deps.expirySweep.expireDue(), 'nothing is expired twice').to.equal(0);
    });

    it('releases every night of an expired hotel stay and the day of an expired scenic order', async () => {
      const { hotel, roomType } = await app.cat.aHotel({ totalRooms: 2 });
      const spot = await app.cat.aScenicSpot({ dailyQuota: 5 });
      const token = await tokenFor(newUser());
      const h = await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn: futureDate(3), checkOut: futureDate(6), quantity: 2 } });
      const s = await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'scenic', itemId: spot.id, visitDate: futureDate(3), quantity: 4 } });
      await testDb()('orders').whereIn('order_sn', [h.body.orderSn, s.body.orderSn]).update({ expires_at: new Date(Date.now() - 1000) });
      await app.deps.expirySweep.expireDue();
      const nights = await call(app.url, 'GET', `/api/v1/room-types/${roomType.id}/availability?checkIn=${futureDate(3)}&checkOut=${futureDate(6)}`);
      expect(nights.body.nights.map((n: { available: number }) => n.available)).to.deep.equal([2, 2, 2]);
      expect((await call(app.url, 'GET', `/api/v1/scenic-spots/${spot.id}/availability?date=${futureDate(3)}`)).body.available).to.equal(5);
    });
  });

  describe('npm run reconcile and npm run mockpay', () => {
    const env = () => testEnv();
    it('is silent on a clean database, finds a drift made by hand, and repairs it only with --repair', async () => {
      const clean = await runNode([CLI('reconcile')], env());
      expect(clean.code, clean.stderr).to.equal(0);
      expect(clean.stdout).to.match(/no drift/);

      const { route } = await anOrder({ groupSize: 10, quantity: 2 });
      await testDb()('routes').where({ id: route.id }).update({ sales_count: 5 });
      const found = await runNode([CLI('reconcile')], env());
      expect(found.code).to.equal(1);
      expect(found.stdout).to.include(`drift route ${route.id}: sold 5, live orders hold 2`);
      expect(await routeSold(route.id), 'reporting changes nothing').to.equal(5);

      const repaired = await runNode([CLI('reconcile'), '--repair'], env());
      expect(repaired.stdout).to.include(`repaired route ${route.id}`);
      expect(repaired.code, 'every drifted row repaired: nothing is left, exit 0').to.equal(0);
      expect(repaired.stdout).to.include('1 drifted row(s), 1 repaired, 0 left');
      expect(await routeSold(route.id)).to.equal(2);
      expect((await runNode([CLI('reconcile')], env())).code).to.equal(0);
    });

    it('mockpay signs and delivers K callbacks; one pays, the rest are duplicates', async () => {
      const { user, token, order } = await anOrder();
      const out = await runNode([CLI('mockpay'), order.orderSn, '--times', '4', '--sub', user, '--url', app.url], env());
      expect(out.code, out.stderr).to.equal(0);
      expect(out.stdout.match(/"duplicate":false/g) ?? []).to.have.length(1);
      expect((await orderOf(token, order.orderSn)).status).to.equal('paid');
      const failed = await anOrder();
      const f = await runNode([CLI('mockpay'), failed.order.orderSn, '--fail', '--sub', failed.user, '--url', app.url], env());
      expect(f.stdout).to.include('"paymentStatus":"failed"');
      expect(f.code, 'a failed payment, delivered and taken, is not a failure of the command').to.equal(0);
      const mismatch = await runNode([CLI('mockpay'), failed.order.orderSn, '--amount', '1', '--sub', failed.user, '--url', app.url], env());
      expect(mismatch.stdout).to.include('AMOUNT_MISMATCH');
      expect(mismatch.code, 'a refused callback exits 1').to.equal(1);
      expect(mismatch.stderr.trim()).to.equal(`mockpay: 1 of 1 callback(s) refused by ${app.url}/api/v1/payments/callback: 422 AMOUNT_MISMATCH The amount 1 does not match the order total ${failed.order.totalCents}`);
      expect((await orderOf(failed.token, failed.order.orderSn)).status).to.equal('pending');
    });
  });
});
