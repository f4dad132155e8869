import { expect } from 'chai';
import { spawnReplica, type Replica } from '../../src/cluster/processes.js';
import { bytesToId } from '../../src/db/ids.js';
import { contact, everyMasterConnected, newUser, range, testDb, tokenFor, type Res } from '../support/harness.js';
import { useCluster } from '../support/cluster.js';
import { newTxnId, sendCallback } from '../support/payments.js';
import { FaultTally, attempt, isConnectionFailure, sleep, type ConnectionFailure } from './fault-kit.js';

const LOCK_TTL_MS = 1500;
const LOCK_WAIT_MS = 1000;
// The claim on a key outlives a dead replica by at most this (deps.ts: LOCK_WAIT_MS + LOCK_TTL_MS + 3 s).
const CLAIM_TTL_MS = LOCK_WAIT_MS + LOCK_TTL_MS + 3000;
const tally = new FaultTally('idempotency');

describe('faults: Idempotency-Key with lock masters frozen or killed, and a replica killed holding a claim (3 replicas, 3 masters)', function () {
  this.timeout(240_000);
  const cluster = useCluster({ env: { LOCK_TTL_MS: String(LOCK_TTL_MS), LOCK_WAIT_MS: String(LOCK_WAIT_MS) } }, { afterStop: () => tally.summary() });
  afterEach(async () => tally.check());
  /** Every order number a client was answered with, per user: the database must hold exactly these. */
  const told = new Map<string, Set<string>>();

  const send = async (i: number, method: string, path: string, opts: Parameters<typeof attempt>[3]): Promise<Res | ConnectionFailure> => {
    tally.requests += 1;
    const r = await attempt(cluster.urls[i % cluster.urls.length] as string, method, path, opts);
    if (isConnectionFailure(r)) tally.connectionFailures += 1;
    return r;
  };
  const booked = (user: string, r: Res | ConnectionFailure): Res => {
    expect(isConnectionFailure(r), JSON.stringify(r)).to.equal(false);
    const res = r as Res;
    if (res.status === 201) told.set(user, (told.get(user) ?? new Set()).add(res.body.orderSn as string));
    return res;
  };

  async function expectOrdersAreWhatClientsWereTold(): Promise<void> {
    for (const [user, sns] of told) {
      const rows = await testDb()('orders').where({ user_id: user }).select('order_sn');
      expect(rows.map((r: { order_sn: string }) => r.order_sn).sort(), `orders of ${user}`).to.deep.equal([...sns].sort());
    }
  }

  /** Keyed bookings, replays, a changed body, a storm of one key, keyed pays and a callback: all must hold. */
  async function exerciseKeys(label: string): Promise<void> {
    const route = await cluster.cat.aRoute({ groupSize: 10_000 });
    tally.routes.add(route.id);
    const user = newUser(label);
    const token = await tokenFor(user);
    const body = { ...contact, itemType: 'route', itemId: route.id, quantity: 1 };
    for (const n of range(6)) {
      const key = `${label}-${n}`;
      const first = booked(user, await send(n, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': key } }));
      expect(first.status, `${label}: ${first.text}`).to.equal(201);
      const again = booked(user, await send(n + 1, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': key } }));
      expect([again.status, again.headers.get('idempotent-replayed'), again.body.orderSn], label).to.deep.equal([201, 'true', first.body.orderSn]);
      const changed = booked(user, await send(n + 2, 'POST', '/api/v1/orders', { token, body: { ...body, quantity: 2 }, headers: { 'Idempotency-Key': key } }));
      expect([changed.status, changed.body.error?.code], label).to.deep.equal([422, 'IDEMPOTENCY_KEY_MISMATCH']);

      const pay = (i: number) => send(i, 'POST', `/api/v1/orders/${first.body.orderSn}/pay`, { token, headers: { 'Idempotency-Key': `${key}-pay` } });
      const intent = booked(user, await pay(n));
      expect(intent.status, `${label} pay: ${intent.text}`).to.equal(201);
      const intentAgain = booked(user, await pay(n + 1));
      expect([intentAgain.status, intentAgain.headers.get('idempotent-replayed'), intentAgain.body.paymentId], `${label} pay replay`).to.deep.equal([201, 'true', intent.body.paymentId]);
    }

    // Eight at once with one key over the three replicas: one order; every answer is that order or "in use".
    const stormKey = `${label}-storm`;
    const storm = (await Promise.all(range(8).map((i) => send(i, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': stormKey } })))).map((r) => booked(user, r));
    const made = storm.filter((r) => r.status === 201);
    expect(storm.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'IDEMPOTENCY_KEY_IN_USE')), storm.map((r) => r.text).join('\n')).to.equal(true);
    expect(made.length, `${label}: at least one of the storm is answered with the order`).to.be.greaterThan(0);
    expect(new Set(made.map((r) => r.body.orderSn)).size).to.equal(1);
    const settled = booked(user, await send(0, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': stormKey } }));
    expect(settled.body.orderSn).to.equal(made[0]?.body.orderSn);
    expect(Number((await testDb()('orders').where({ user_id: user, idempotency_key: stormKey }).count({ n: '*' }))[0]?.['n'])).to.equal(1);

    // A provider callback for one of the intents is processed too (its marker Redis may be the faulty master).
    const [order] = await testDb()('orders').where({ user_id: user }).orderBy('created_at').limit(1).select('order_sn', 'total_cents');
    const intentRow = await testDb()('payment_intents as i').join('orders as o', 'o.id', 'i.order_id').where('o.order_sn', order.order_sn).first('i.id');
    const paymentId = bytesToId(intentRow.id as Buffer);
    tally.requests += 1;
    const cb = await sendCallback(cluster.urls[2] as string, { paymentId, orderSn: order.order_sn, providerTxnId: newTxnId(), amountCents: Number(order.total_cents), status: 'succeeded' });
    expect([cb.status, cb.body.orderStatus], `${label} callback: ${cb.text}`).to.deep.equal([200, 'paid']);
  }

  const markersSkipped = async (url: string) => Number(/^payment_markers_skipped_total (\d+)/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);

  for (const m of [0, 1, 2]) {
    it(`with lock master ${m} frozen, then killed: keyed bookings and pays succeed, replays replay, a changed body is 422, a storm of one key makes one order`, async () => {
      const master = cluster.masters[m] as (typeof cluster.masters)[number];
      const skippedBefore = await markersSkipped(cluster.urls[2] as string);
      master.pause();
      tally.faults += 1;
      try {
        await exerciseKeys(`frozen${m}`);
      } finally {
        master.resume();
      }
      // Master 0 is also where callback markers live: the callback went through on the unique constraint alone.
      if (m === 0) expect(await markersSkipped(cluster.urls[2] as string), 'callbacks processed without their marker').to.be.greaterThan(skippedBefore);
      expect((await everyMasterConnected(cluster.urls, 3)).connected).to.equal(true);
      await master.stop();
      tally.faults += 1;
      try {
        await exerciseKeys(`killed${m}`);
      } finally {
        await master.start();
      }
      expect((await everyMasterConnected(cluster.urls, 3)).connected, 'every replica reconnected to the restarted master').to.equal(true);
      await expectOrdersAreWhatClientsWereTold();
    });
  }

  it('a replica killed while it holds a key: the retry is "in use" until the claim runs out, then gets an answer; never a second order', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 100 });
    tally.routes.add(route.id);
    const user = newUser('crash');
    const token = await tokenFor(user);
    const body = { ...contact, itemType: 'route', itemId: route.id, quantity: 1 };
    const victim = cluster.replicas[0] as Replica;

    // Dies before COMMIT: nothing was written, the claim stays behind until it expires.
    await send(0, 'POST', '/__faults', { body: { point: 'booking.beforeCommit', crash: true } });
    tally.faults += 1;
    const lost = await send(0, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': 'died-before-commit' } });
    expect(isConnectionFailure(lost), JSON.stringify(lost)).to.equal(true);
    const crashedAt = Date.now();
    const first = booked(user, await send(1, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': 'died-before-commit' } }));
    expect([first.status, first.body.error?.code], first.text).to.deep.equal([409, 'IDEMPOTENCY_KEY_IN_USE']);
    let answer: Res = first;
    while (answer.status === 409 && Date.now() - crashedAt < CLAIM_TTL_MS + 5000) {
      await sleep(250);
      answer = booked(user, await send(2, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': 'died-before-commit' } }));
    }
    expect(answer.status, `answered ${Date.now() - crashedAt} ms after the crash: ${answer.text}`).to.equal(201);
    expect(answer.headers.get('idempotent-replayed'), 'the dead replica had committed nothing').to.equal(null);

    // Dies after COMMIT, before answering: the retry gets that order at once, from its stored answer.
    cluster.replicas[0] = await spawnReplica(cluster.env);
    await send(0, 'POST', '/__faults', { body: { point: 'booking.afterCommit', crash: true } });
    tally.faults += 1;
    const cut = await send(0, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': 'died-after-commit' } });
    expect(isConnectionFailure(cut), JSON.stringify(cut)).to.equal(true);
    const retried = booked(user, await send(1, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': 'died-after-commit' } }));
    expect([retried.status, retried.headers.get('idempotent-replayed')], retried.text).to.deep.equal([201, 'true']);
    cluster.replicas[0] = await spawnReplica(cluster.env);
    expect(victim.child.exitCode !== null || victim.child.signalCode !== null).to.equal(true);

    const keyed = await testDb()('orders').where({ user_id: user }).select('idempotency_key');
    expect(keyed.map((o: { idempotency_key: string }) => o.idempotency_key).sort()).to.deep.equal(['died-after-commit', 'died-before-commit']);
    await expectOrdersAreWhatClientsWereTold();
  });
});
