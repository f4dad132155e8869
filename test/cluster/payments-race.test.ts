import { expect } from 'chai';
import { spawnReplica } from '../../src/cluster/processes.js';
import { call, contact, expectStockMatchesOrders, newUser, range, testDb, tokenFor, type Res } from '../support/harness.js';
import { useCluster } from '../support/cluster.js';
import { newTxnId, payIntent, sendCallback, type CallbackBody } from '../support/payments.js';
import { setTimeout as sleep } from 'node:timers/promises';

const MARKER_TTL_SECONDS = 5;

describe('payments and expiry across 3 replicas (separate processes)', function () {
  this.timeout(240_000);
  const cluster = useCluster({ env: { PAYMENT_MARKER_TTL_SECONDS: String(MARKER_TTL_SECONDS), EXPIRY_SWEEP_INTERVAL_MS: '100' } });
  afterEach(async () => expectStockMatchesOrders());

  const url = (i: number) => cluster.urls[i % cluster.urls.length] as string;

  /** As a provider or a careful client does: a 503 LOCK_BUSY (nothing changed) is sent again after its Retry-After. */
  let busyRetries = 0;
  async function untilNotBusy(send: () => Promise<Res>): Promise<Res> {
    for (let tries = 1; ; tries += 1) {
      const r = await send();
      if (r.status !== 503 || r.body?.error?.code !== 'LOCK_BUSY' || tries === 10) return r;
      busyRetries += 1;
      await sleep(Number(r.headers.get('retry-after') ?? 1) * 1000 * (0.5 + Math.random()));
    }
  }

  async function orders(n: number, routeId: number) {
    const made: Array<{ token: string; orderSn: string; totalCents: number; paymentId: string }> = [];
    for (const batch of range(Math.ceil(n / 25))) {
      const part = await Promise.all(
        range(Math.min(25, n - batch * 25)).map(async (i) => {
          const token = await tokenFor(newUser());
          const res = await call(url(i), 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: routeId, quantity: 1 } });
          expect(res.status, res.text).to.equal(201);
          const intent = await payIntent(url(i + 1), token, res.body.orderSn);
          return { token, orderSn: res.body.orderSn as string, totalCents: res.body.totalCents as number, paymentId: intent.body.paymentId as string };
        }),
      );
      made.push(...part);
    }
    return made;
  }

  const success = (o: { orderSn: string; totalCents: number; paymentId: string }, providerTxnId = newTxnId()): CallbackBody => ({
    paymentId: o.paymentId, orderSn: o.orderSn, providerTxnId, amountCents: o.totalCents, status: 'succeeded',
  });

  /**
   * Every order ends paid with its stock, or closed with its stock released and the money kept as refund_required, or
   * (cancelled after it was paid) closed with its stock released and the payment refunded once, whole: never two of
   * these, never none.
   */
  async function expectEachOrderSettled(sns: string[], closedAs: 'expired' | 'cancelled') {
    const refundRows: Array<{ order_sn: string; amount_cents: number; total_cents: number }> = await testDb()('refunds as r')
      .join('orders as o', 'o.id', 'r.order_id')
      .whereIn('o.order_sn', sns)
      .select('o.order_sn', 'r.amount_cents', 'o.total_cents');
    const refundsOf = (sn: string) => refundRows.filter((r) => r.order_sn === sn);
    const rows: Array<{ order_sn: string; status: string; payment_status: string | null }> = await testDb()('orders as o')
      .leftJoin('payments as p', 'p.order_id', 'o.id')
      .whereIn('o.order_sn', sns)
      .select('o.order_sn', 'o.status', 'p.status as payment_status');
    const byOrder = new Map<string, { status: string; payments: string[] }>();
    for (const r of rows) {
      const e = byOrder.get(r.order_sn) ?? { status: r.status, payments: [] };
      if (r.payment_status) e.payments.push(r.payment_status);
      byOrder.set(r.order_sn, e);
    }
    const outcomes = { paid: 0, [closedAs]: 0 } as Record<string, number>;
    for (const sn of sns) {
      const e = byOrder.get(sn);
      expect(e, sn).to.not.equal(undefined);
      if (e?.status === 'paid') {
        expect(e.payments, sn).to.deep.equal(['succeeded']);
        expect(refundsOf(sn), `${sn}: paid and kept, nothing refunded`).to.deep.equal([]);
      } else {
        expect(e?.status, sn).to.equal(closedAs);
        if (closedAs === 'cancelled' && e?.payments[0] === 'succeeded') {
          // Paid first, then cancelled before it started: refunded once, all of it.
          expect(e.payments, sn).to.deep.equal(['succeeded']);
          expect(refundsOf(sn).map((r) => r.amount_cents), `${sn}: one refund of the whole payment`).to.deep.equal([refundsOf(sn)[0]?.total_cents]);
          outcomes['cancelled after paying, refunded'] = (outcomes['cancelled after paying, refunded'] ?? 0) + 1;
          continue;
        }
        expect(e?.payments, `${sn}: money that arrived for a ${closedAs} order is kept for a refund`).to.deep.equal(['refund_required']);
      }
      outcomes[e?.status as string] = (outcomes[e?.status as string] ?? 0) + 1;
    }
    return outcomes;
  }

  it('50 identical success callbacks across 3 replicas: one payment row, one transition, the rest duplicates', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 5 });
    const [o] = await orders(1, route.id);
    const cb = success(o as NonNullable<typeof o>);
    const answers = await Promise.all(range(50).map((i) => sendCallback(url(i), cb)));
    const fresh = answers.filter((a) => a.status === 200 && a.body.duplicate === false);
    expect(fresh).to.have.length(1);
    expect(fresh[0]?.body.orderStatus).to.equal('paid');
    const inProgress = answers.filter((a) => a.status === 409);
    for (const a of answers.filter((x) => x.status !== 409 && x !== fresh[0])) {
      expect(a.status).to.equal(200);
      expect(a.body.duplicate).to.equal(true);
    }
    for (const a of inProgress) expect(a.body.error.code).to.equal('CALLBACK_IN_PROGRESS');
    // The provider retries the 409s: now they are duplicates.
    for (const retry of await Promise.all(inProgress.map((_, i) => sendCallback(url(i), cb)))) expect(retry.body.duplicate).to.equal(true);
    const rows = await testDb()('payments').where({ provider_txn_id: cb.providerTxnId });
    expect(rows).to.have.length(1);
    expect((await testDb()('orders').where({ order_sn: cb.orderSn }).first()).status).to.equal('paid');
  });

  it('a replica killed between the marker and the commit loses no payment: the retry on another replica processes it', async () => {
    const doomed = await spawnReplica(cluster.env);
    const route = await cluster.cat.aRoute({ groupSize: 5 });
    const [o] = await orders(1, route.id);
    const cb = success(o as NonNullable<typeof o>);
    expect((await call(doomed.url, 'POST', '/__faults', { body: { point: 'payment.afterMarker', crash: true } })).status).to.equal(204);
    const crashed = await sendCallback(doomed.url, cb).then(
      (r) => r,
      (err: Error) => err,
    );
    expect(crashed, 'the connection died with the replica').to.be.instanceOf(Error);
    expect((await doomed.exited).signal).to.equal('SIGKILL');
    expect((await testDb()('orders').where({ order_sn: cb.orderSn }).first()).status, 'nothing committed').to.equal('pending');

    const started = Date.now();
    let answer: Res | undefined;
    const seen: number[] = [];
    // The provider retries every 500 ms; give up only well past the marker's TTL.
    while (Date.now() - started < MARKER_TTL_SECONDS * 3000) {
      answer = await sendCallback(url(1), cb);
      seen.push(answer.status);
      if (answer.status === 200) break;
      expect(answer.body.error.code).to.equal('CALLBACK_IN_PROGRESS');
      await sleep(500);
    }
    expect(answer?.status, `answers: ${seen.join(',')}`).to.equal(200);
    expect(answer?.body).to.include({ duplicate: false, orderStatus: 'paid' });
    expect(await testDb()('payments').where({ provider_txn_id: cb.providerTxnId })).to.have.length(1);
    process.stdout.write(`      (retry processed ${Date.now() - started} ms after the crash; marker TTL ${MARKER_TTL_SECONDS} s)\n`);
  });

  it('pay against expire, 100 times: each order ends paid with its stock or expired with it released and a refund_required payment', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 100 });
    const made = await orders(100, route.id);
    const thieves = await Promise.all(range(40).map(() => tokenFor(newUser())));
    await testDb()('orders').whereIn('order_sn', made.map((m) => m.orderSn)).update({ expires_at: new Date(Date.now() - 1000) });
    // The sweeps (every 100 ms on each replica) race the callbacks; others grab the seats expiry frees.
    const [callbacks] = await Promise.all([
      Promise.all(made.map(async (m, i) => {
        await sleep(Math.random() * 300);
        return sendCallback(url(i), success(m));
      })),
      Promise.all(thieves.map(async (t, i) => {
        await sleep(100 + Math.random() * 300);
        return call(url(i), 'POST', '/api/v1/orders', { token: t, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } });
      })),
    ]);
    for (const c of callbacks) expect(c.status, c.text).to.equal(200);
    const outcomes = await expectEachOrderSettled(made.map((m) => m.orderSn), 'expired');
    process.stdout.write(`      (outcomes: ${JSON.stringify(outcomes)})\n`);
  });

  it('pay against cancel, 100 times: each order ends paid with its stock, or cancelled with it released and the money refunded once or kept as refund_required', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 100 });
    const made = await orders(100, route.id);
    const thieves = await Promise.all(range(40).map(() => tokenFor(newUser())));
    await Promise.all([
      ...made.map(async (m, i) => {
        await sleep(Math.random() * 200);
        const r = await untilNotBusy(() => sendCallback(url(i), success(m)));
        expect(r.status, r.text).to.equal(200);
      }),
      ...made.map(async (m, i) => {
        await sleep(Math.random() * 200);
        const r = await untilNotBusy(() => call(url(i + 1), 'POST', `/api/v1/orders/${m.orderSn}/cancel`, { token: m.token }));
        expect(r.status, r.text).to.equal(200);
      }),
      ...thieves.map(async (t, i) => {
        await sleep(100 + Math.random() * 200);
        await call(url(i), 'POST', '/api/v1/orders', { token: t, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } });
      }),
    ]);
    const outcomes = await expectEachOrderSettled(made.map((m) => m.orderSn), 'cancelled');
    process.stdout.write(`      (outcomes: ${JSON.stringify(outcomes)}; ${busyRetries} sent again after 503 LOCK_BUSY)\n`);
  });

  it('3 replicas sweeping 500 due orders expire each once and release its stock once', async () => {
    const expiredSoFar = async () => {
      let total = 0;
      for (const u of cluster.urls) total += Number(/^orders_expired_total (\d+)/m.exec(await (await fetch(`${u}/metrics`)).text())?.[1] ?? 0);
      return total;
    };
    const routes = await Promise.all(range(5).map(() => cluster.cat.aRoute({ groupSize: 100 })));
    const made = (await Promise.all(routes.map((r) => orders(100, r.id)))).flat();
    const before = await expiredSoFar();
    await testDb()('orders').whereIn('order_sn', made.map((m) => m.orderSn)).update({ expires_at: new Date(Date.now() - 1000) });
    const sns = made.map((m) => m.orderSn);
    for (let i = 0; i < 600; i += 1) {
      const [row] = await testDb()('orders').whereIn('order_sn', sns).andWhere('status', 'pending').count({ n: '*' });
      if (Number(row?.n) === 0) break;
      await sleep(100);
    }
    const statuses = await testDb()('orders').whereIn('order_sn', sns).select('status');
    expect(statuses.filter((s) => s.status === 'expired')).to.have.length(500);
    expect((await expiredSoFar()) - before, 'expired exactly once each, counted over all replicas').to.equal(500);
    for (const r of routes) expect((await call(url(0), 'GET', `/api/v1/routes/${r.id}`)).body.salesCount).to.equal(0);
  });
});
