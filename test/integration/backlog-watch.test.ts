import { expect } from 'chai';
import { call, contact, expectStockMatchesOrders, newUser, testDb, tokenFor, useApp } from '../support/harness.js';
import { newTxnId, payIntent, sendCallback } from '../support/payments.js';

describe('backlog watch and readiness gauges: what the refund, drift and readiness alerts read', function () {
  // Refunds wait for a notice, as with a provider that answers by hand.
  const app = useApp({ REFUND_PROVIDER: 'manual', LOCK_WAIT_MS: '1500' });
  afterEach(async () => expectStockMatchesOrders());

  const scrape = async () => (await call(app.url, 'GET', '/metrics')).text;
  const gauge = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  async function paidOrder() {
    const route = await app.cat.aRoute({ groupSize: 5 });
    const token = await tokenFor(newUser());
    const order = (await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } })).body;
    const intent = (await payIntent(app.url, token, order.orderSn)).body;
    const pay = { paymentId: intent.paymentId, orderSn: order.orderSn, amountCents: order.totalCents, status: 'succeeded' as const };
    expect((await sendCallback(app.url, { ...pay, providerTxnId: newTxnId() })).body.orderStatus).to.equal('paid');
    return { token, order, pay };
  }

  it('counts pending and failed refunds, the oldest pending one\'s age, and refund_required payments nobody refunds yet', async () => {
    const watch = app.deps.backlogWatch;
    const before = await watch.refreshBacklog();

    // A paid order cancelled: its refund waits, pending. A second success on a paid order: refund_required.
    const a = await paidOrder();
    const refund = (await call(app.url, 'POST', `/api/v1/orders/${a.order.orderSn}/cancel`, { token: a.token })).body.refunds[0];
    expect(refund.status).to.equal('pending');
    const b = await paidOrder();
    const second = await sendCallback(app.url, { ...b.pay, providerTxnId: newTxnId() });
    expect(second.body.paymentStatus).to.equal('refund_required');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const waiting = await watch.refreshBacklog();
    expect(waiting.refundsPending - before.refundsPending, 'pending refunds').to.equal(1);
    expect(waiting.refundRequiredWaiting - before.refundRequiredWaiting, 'refund_required payments waiting').to.equal(1);
    expect(waiting.oldestPendingAgeSeconds, 'oldest pending refund, seconds').to.be.at.least(1);
    let text = await scrape();
    expect(gauge(text, 'refunds_waiting{status="pending"}')).to.equal(waiting.refundsPending);
    expect(gauge(text, 'payments_refund_required_waiting')).to.equal(waiting.refundRequiredWaiting);
    expect(gauge(text, 'refunds_oldest_pending_age_seconds')).to.equal(waiting.oldestPendingAgeSeconds);
    expect(gauge(text, 'backlog_watch_last_run_timestamp_seconds')).to.be.closeTo(Date.now() / 1000, 60);

    // The provider refuses the refund: it waits, failed, for an admin. An admin refunds the refund_required payment.
    const failed = await sendCallback(app.url, { type: 'refund', refundId: refund.refundId, providerRefundId: `rf_${newTxnId()}`, amountCents: refund.amountCents, status: 'failed' } as never);
    expect(failed.body.refundStatus, failed.text).to.equal('failed');
    const listed = (await call(app.url, 'GET', '/api/v1/admin/payments?status=refund_required', { token: await app.cat.adminToken })).body;
    const required = listed.payments.find((p: { orderSn: string }) => p.orderSn === b.order.orderSn);
    const refunding = await call(app.url, 'POST', `/api/v1/admin/payments/${required.paymentId}/refund`, { token: await app.cat.adminToken });
    expect(refunding.status, refunding.text).to.equal(201);
    const after = await watch.refreshBacklog();
    expect(after.refundsFailed - before.refundsFailed, 'failed refunds').to.equal(1);
    expect(after.refundRequiredWaiting - before.refundRequiredWaiting, 'refund_required waiting once its refund is asked').to.equal(0);
    expect(after.refundsPending - before.refundsPending, 'pending: the refund_required payment\'s refund').to.equal(1);
    text = await scrape();
    expect(gauge(text, 'refunds_waiting{status="failed"}')).to.equal(after.refundsFailed);
  });

  it('the stock audit sets stock_drift_rows to the rows that drifted, and back to 0 once they match again', async () => {
    const route = await app.cat.aRoute({ groupSize: 10 });
    const token = await tokenFor(newUser());
    expect((await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 2 } })).status).to.equal(201);
    expect(await app.deps.backlogWatch.auditNow()).to.equal(0);
    expect(gauge(await scrape(), 'stock_drift_rows')).to.equal(0);
    // Something writes stock around the service.
    await testDb()('routes').where({ id: route.id }).increment('sales_count', 3);
    try {
      expect(await app.deps.backlogWatch.auditNow()).to.equal(1);
      const text = await scrape();
      expect(gauge(text, 'stock_drift_rows')).to.equal(1);
      expect(gauge(text, 'stock_audit_last_run_timestamp_seconds')).to.be.closeTo(Date.now() / 1000, 60);
    } finally {
      await testDb()('routes').where({ id: route.id }).decrement('sales_count', 3);
    }
    expect(await app.deps.backlogWatch.auditNow()).to.equal(0);
    expect(gauge(await scrape(), 'stock_drift_rows')).to.equal(0);
  });

  it('replica_ready is 1 while /readyz answers 200 and 0 once draining; lease_wait_limit_seconds is LOCK_WAIT_MS', async () => {
    let text = await scrape();
    expect((await call(app.url, 'GET', '/readyz')).status).to.equal(200);
    expect(gauge(text, 'replica_ready')).to.equal(1);
    expect(gauge(text, 'lease_wait_limit_seconds')).to.equal(1.5);
    // Known label values are there before anything was counted.
    for (const series of ['lease_acquire_failures_total{reason="busy"}', 'lease_acquire_failures_total{reason="unavailable"}', 'requests_refused_total{reason="rate_limited_user"}']) {
      expect(gauge(text, series), series).to.be.a('number');
    }
    // The last test of the file: this replica drains from here on.
    app.deps.readiness.startDraining();
    text = await scrape();
    expect((await call(app.url, 'GET', '/readyz')).status).to.equal(503);
    expect(gauge(text, 'replica_ready')).to.equal(0);
  });
});
