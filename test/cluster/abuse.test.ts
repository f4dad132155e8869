import { expect } from 'chai';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedis, type RedisProcess } from '../../src/cluster/processes.js';
import { SignJWT } from 'jose';
import { DEV_JWT_SECRET, call, contact, expectStockMatchesOrders, newUser, range, startApp, testDb, tokenFor, type Res } from '../support/harness.js';
import { useCluster } from '../support/cluster.js';
import { newTxnId, payIntent, sendCallback } from '../support/payments.js';

/** The sum of every series of a metric (labelled series exist at 0 from the start, for every known label value). */
const metric = async (url: string, name: string) =>
  [...(await (await fetch(`${url}/metrics`)).text()).matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)`, 'gm'))].reduce((sum, m) => sum + Number(m[1]), 0);

describe('abuse: holding limits and rate limits across 3 replicas (separate processes)', function () {
  this.timeout(240_000);
  // The rate-limit store is a Redis of its own here, so the test can stop it without touching the lock tier.
  let store: RedisProcess;
  before(async () => {
    store = await startRedis();
  });
  after(async () => store?.stop());
  const cluster = useCluster(() => ({
    env: {
      IDEMPOTENCY_REDIS_URL: store.url,
      MAX_PENDING_UNITS_PER_ITEM: '10',
      MAX_PENDING_ORDERS_PER_USER: '10',
      RATE_LIMIT_USER_PER_MINUTE: '60',
      RATE_LIMIT_ADDRESS_PER_MINUTE: '200',
      // The test plays the balancer: its X-Forwarded-For is believed.
      TRUSTED_PROXIES: '127.0.0.1,::1',
    },
  }));
  let sent = 0;
  const send = (i: number, method: string, path: string, opts: Parameters<typeof call>[3]) => {
    sent += 1;
    return call(cluster.urls[i % 3] as string, method, path, opts);
  };
  // Each test acts from addresses of its own, so the address limit of one does not spill into the next.
  let block = 0;
  const addressOf = (n: number) => `198.51.${block}.${n % 250}`;
  beforeEach(() => {
    block += 1;
  });
  afterEach(async () => expectStockMatchesOrders());
  after(() => process.stdout.write(`      (abuse: ${sent} requests sent)\n`));
  /** Writes the replicas let through unlimited because the store was slow: the limit counted every other write. */
  const failedOpen = async () => (await Promise.all(cluster.urls.map((u) => metric(u, 'rate_limit_fail_open_total')))).reduce((a, b) => a + b, 0);

  it('one user racing 50 bookings of 2 seats of one tour over 3 replicas holds at most 10 seats; others still book; paying frees the allowance', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 40 });
    const user = newUser('hoarder');
    const token = await tokenFor(user);
    const body = { ...contact, itemType: 'route', itemId: route.id, quantity: 2 };
    const answers = await Promise.all(range(50).map((i) => send(i, 'POST', '/api/v1/orders', { token, body, headers: { 'X-Forwarded-For': addressOf(i) } })));
    const made = answers.filter((r) => r.status === 201);
    const refused = answers.filter((r) => r.status === 409);
    expect(made.length, 'the limit holds under concurrency').to.equal(5);
    expect(refused.map((r) => [r.body.error.code, r.body.error.details.of, r.body.error.details.limit, r.body.error.details.held])).to.deep.equal(range(45).map(() => ['HOLD_LIMIT_REACHED', 'units', 10, 10]));
    expect(made.length + refused.length).to.equal(50);
    const pending = await testDb()('orders').where({ user_id: user, status: 'pending' }).count({ n: '*' });
    expect(Number(pending[0]?.['n'])).to.equal(5);
    // Someone else books the same tour meanwhile.
    expect((await send(1, 'POST', '/api/v1/orders', { token: await tokenFor(newUser()), body, headers: { 'X-Forwarded-For': addressOf(99) } })).status).to.equal(201);
    // Paying one order frees its two seats of allowance, at once.
    const first = made[0] as Res;
    const intent = (await payIntent(cluster.urls[0] as string, token, first.body.orderSn)).body;
    const paid = await sendCallback(cluster.urls[1] as string, { paymentId: intent.paymentId, orderSn: first.body.orderSn, providerTxnId: newTxnId(), amountCents: first.body.totalCents, status: 'succeeded' });
    expect(paid.body.orderStatus).to.equal('paid');
    expect((await send(2, 'POST', '/api/v1/orders', { token, body, headers: { 'X-Forwarded-For': addressOf(98) } })).status).to.equal(201);
    expect((await send(0, 'POST', '/api/v1/orders', { token, body, headers: { 'X-Forwarded-For': addressOf(97) } })).status).to.equal(409);
    expect(await metric(cluster.urls[0] as string, 'requests_refused_total') + (await metric(cluster.urls[1] as string, 'requests_refused_total')) + (await metric(cluster.urls[2] as string, 'requests_refused_total'))).to.be.greaterThan(0);
  });

  it('one user holds at most 10 unpaid orders, whatever the items; an exempt (trusted) client is not limited', async () => {
    const routes = await Promise.all(range(15).map(() => cluster.cat.aRoute({ groupSize: 5 })));
    const token = await tokenFor(newUser('collector'));
    const answers = await Promise.all(routes.map((r, i) => send(i, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: r.id, quantity: 1 }, headers: { 'X-Forwarded-For': addressOf(i) } })));
    expect(answers.filter((r) => r.status === 201)).to.have.length(10);
    expect(answers.filter((r) => r.status === 409).map((r) => r.body.error.details.of)).to.deep.equal(range(5).map(() => 'orders'));
    // A trusted client (a travel agency's token) books beyond the limits.
    const agency = await new SignJWT({ trusted: true }).setProtectedHeader({ alg: 'HS256' }).setSubject(newUser('agency')).setExpirationTime('1h').sign(Buffer.from(DEV_JWT_SECRET));
    const bulk = await Promise.all(range(12).map((i) => send(i, 'POST', '/api/v1/orders', { token: agency, body: { ...contact, itemType: 'route', itemId: (routes[0] as { id: number }).id, quantity: 1 }, headers: { 'X-Forwarded-For': addressOf(50 + i) } })));
    expect(bulk.filter((r) => r.status === 201).length, 'exempt: only the stock limits it').to.equal(4);
  });

  it('a flood of 500 writes from one user meets 429 with Retry-After and RateLimit headers, while another user books in the same seconds', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 10_000 });
    const flooder = await tokenFor(newUser('flooder'));
    const neighbour = await tokenFor(newUser('neighbour'));
    const body = { ...contact, itemType: 'route', itemId: route.id, quantity: 1 };
    const started = Date.now();
    const openBefore = await failedOpen();
    const [flood, calm] = await Promise.all([
      Promise.all(range(500).map((i) => send(i, 'POST', '/api/v1/orders', { token: flooder, body, headers: { 'X-Forwarded-For': addressOf(i) } }))),
      (async () => {
        const out: Res[] = [];
        for (const i of range(10)) {
          out.push(await send(i, 'POST', '/api/v1/orders', { token: neighbour, body, headers: { 'X-Forwarded-For': addressOf(200 + i) } }));
          await sleep(20);
        }
        return out;
      })(),
    ]);
    const limited = flood.filter((r) => r.status === 429);
    const unlimited = (await failedOpen()) - openBefore;
    process.stdout.write(`      (flood: ${flood.length - limited.length} let through, ${limited.length} limited, ${unlimited} of all writes let through unlimited (store slow), in ${Date.now() - started} ms)\n`);
    // The window slides: in the flood's seconds, at most the quota plus the share of a minute they span. A write the
    // limiter let through because its store was slow is neither counted nor refused (fail open); it is measured.
    const spanned = Math.ceil((60 * (Date.now() - started)) / 60_000);
    expect(unlimited, 'the limiter decided most of the flood').to.be.below(250);
    const counted = flood.filter((r) => r.headers.get('ratelimit') !== null);
    expect(counted.length + unlimited, 'every write was counted or let through unlimited').to.be.at.least(500);
    expect(counted.filter((r) => r.status !== 429).length, 'at most 60 counted writes a minute for one user').to.be.within(Math.min(60 - spanned, counted.length), 60 + spanned);
    for (const r of limited) {
      expect(r.body.error.code).to.equal('RATE_LIMITED');
      // Until the next write fits: the rest of this minute and the first 1/60 of the next.
      expect(Number(r.headers.get('retry-after'))).to.be.within(1, 61);
      expect(r.headers.get('ratelimit-policy')).to.equal('"user";q=60;w=60, "address";q=200;w=60');
      expect(r.headers.get('ratelimit')).to.match(/^"user";r=0;t=\d+$/);
    }
    expect(calm.map((r) => r.status), 'the neighbour is not slowed by the flood').to.deep.equal(range(10).map(() => 201));
  });

  it('the address limit counts per client address behind the balancer; a peer nobody trusts cannot choose its address', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 10_000 });
    const body = { ...contact, itemType: 'route', itemId: route.id, quantity: 1 };
    // Many users, one address (as behind a carrier NAT): the address limit.
    const users = await Promise.all(range(250).map(() => tokenFor(newUser())));
    const openBefore = await failedOpen();
    const one = await Promise.all(users.map((t, i) => send(i, 'POST', '/api/v1/orders', { token: t, body, headers: { 'X-Forwarded-For': `203.0.113.${block}` } })));
    // Of the writes the limiter counted (any it let through unlimited, its store being slow, are measured), all past 200 are refused.
    const unlimited = (await failedOpen()) - openBefore;
    expect(unlimited, 'the limiter decided most of them').to.be.below(125);
    expect(one.filter((r) => r.status === 429).length).to.equal(Math.max(0, 250 - unlimited - 200));
    expect(one.filter((r) => r.status === 429).every((r) => /"address";r=0/.test(r.headers.get('ratelimit') ?? ''))).to.equal(true);
    // A replica that trusts no proxy ignores X-Forwarded-For: every spoofed address is the one socket address.
    const untrusting = await startApp({ RATE_LIMIT_ADDRESS_PER_MINUTE: '30', RATE_LIMIT_USER_PER_MINUTE: '0', IDEMPOTENCY_REDIS_URL: store.url, REDIS_KEY_PREFIX: `test:abuse:${newUser()}:` });
    try {
      const spoofed = await Promise.all(range(40).map((i) => call(untrusting.url, 'POST', '/api/v1/orders', { token: users[i] as string, body, headers: { 'X-Forwarded-For': `192.0.2.${i}` } })));
      sent += 40;
      expect(spoofed.filter((r) => r.status === 429).length, 'counted as one address').to.equal(10);
    } finally {
      await untrusting.close();
    }
  });

  it('with the rate-limit store stopped, bookings go on (the limiter fails open) and a metric says so', async () => {
    const route = await cluster.cat.aRoute({ groupSize: 1000 });
    const tokens = await Promise.all(range(20).map(() => tokenFor(newUser('while-down'))));
    await store.stop();
    try {
      const answers = await Promise.all(tokens.map((token, i) => send(i, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 }, headers: { 'X-Forwarded-For': addressOf(i) } })));
      expect(answers.map((r) => r.status)).to.deep.equal(range(20).map(() => 201));
      let open = 0;
      for (const u of cluster.urls) open += await metric(u, 'rate_limit_fail_open_total');
      expect(open, 'writes let through without a limit').to.be.at.least(20);
      const up = await Promise.all(cluster.urls.map((u) => metric(u, 'rate_limiter_up')));
      expect(up, 'every replica shows its limiter open').to.deep.equal([0, 0, 0]);
    } finally {
      await store.start();
    }
  });
});
