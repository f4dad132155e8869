import { expect } from 'chai';
import { SignJWT, UnsecuredJWT } from 'jose';
import { signatureHeader } from '../../src/payments/signature.js';
import { DEV_JWT_SECRET, DEV_WEBHOOK_SECRET, call, contact, newUser, testDb, tokenFor, useApp, type Res } from '../support/harness.js';
import { newTxnId } from '../support/payments.js';
import { FaultTally } from './fault-kit.js';

const tally = new FaultTally('security');

describe('faults: security (one replica in process, real MySQL and Redis)', () => {
  const app = useApp();
  after(async () => tally.summary());
  afterEach(async () => tally.check());

  const req = (method: string, path: string, opts: Parameters<typeof call>[3] = {}): Promise<Res> => {
    tally.requests += 1;
    return call(app.url, method, path, opts);
  };
  const aRoute = async (o: { groupSize?: number; priceCents?: number } = {}) => {
    const r = await app.cat.aRoute(o);
    tally.routes.add(r.id);
    return r as { id: number; priceCents: number };
  };
  const book = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => req('POST', '/api/v1/orders', { token, body, headers });
  const codeOf = (r: Res) => [r.status, r.body?.error?.code];

  it("another user's order is 404 to read, cancel and pay, exactly like an order that does not exist; nothing changes", async () => {
    const route = await aRoute({ groupSize: 5 });
    const [owner, intruder] = [await tokenFor(newUser()), await tokenFor(newUser())];
    const order = (await book(owner, { ...contact, itemType: 'route', itemId: route.id, quantity: 2 })).body;
    const ghost = 'BD20270101000000ZZZZZZZZZZ';
    for (const [method, suffix] of [['GET', ''], ['POST', '/cancel'], ['POST', '/pay']] as const) {
      const theirs = await req(method, `/api/v1/orders/${order.orderSn}${suffix}`, { token: intruder, headers: suffix === '/pay' ? { 'Idempotency-Key': 'steal-1' } : {} });
      const none = await req(method, `/api/v1/orders/${ghost}${suffix}`, { token: intruder });
      expect(codeOf(theirs), `${method} ${suffix}: ${theirs.text}`).to.deep.equal([404, 'NOT_FOUND']);
      expect(codeOf(none)).to.deep.equal([404, 'NOT_FOUND']);
      expect(theirs.body.error.message.replace(order.orderSn, 'X'), 'no existence leak in the message').to.equal(none.body.error.message.replace(ghost, 'X'));
      expect(Object.keys(theirs.body.error)).to.deep.equal(Object.keys(none.body.error));
    }
    const row = await testDb()('orders').where({ order_sn: order.orderSn }).first();
    expect(row.status).to.equal('pending');
    expect(await testDb()('payment_intents').where({ order_id: row.id })).to.deep.equal([]);
    expect((await testDb()('routes').where({ id: route.id }).first()).sales_count).to.equal(2);
  });

  it('tokens that are expired, unsigned, alg none, wrongly signed, HS512, or carry a forged admin role get 401; a user on an admin route gets 403; nothing is written', async () => {
    const route = await aRoute();
    const sub = newUser();
    const key = new TextEncoder().encode(DEV_JWT_SECRET);
    const other = new TextEncoder().encode('not-the-secret-not-the-secret-0123456789');
    const good = await tokenFor(sub);
    const [h, p] = good.split('.');
    const forgedAdminPayload = Buffer.from(JSON.stringify({ sub, role: 'admin', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    const bad: Array<[string, string]> = [
      ['expired', await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime(Math.floor(Date.now() / 1000) - 5).sign(key)],
      ['unsigned', `${h}.${p}.`],
      ['alg none', new UnsecuredJWT({ sub, role: 'admin' }).setExpirationTime('1h').encode()],
      ['wrong secret', await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('1h').sign(other)],
      ['HS512 with the secret', await new SignJWT({}).setProtectedHeader({ alg: 'HS512' }).setSubject(sub).setExpirationTime('1h').sign(new TextEncoder().encode(DEV_JWT_SECRET.repeat(2)))],
      ['payload swapped for role admin', `${h}.${forgedAdminPayload}.${good.split('.')[2]}`],
      ['no sub', await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(key)],
      ['no exp', await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).sign(key)],
      ['garbage', 'not-a-jwt'],
    ];
    const ordersBefore = Number((await testDb()('orders').count({ n: '*' }))[0]?.['n']);
    for (const [label, token] of bad) {
      expect(codeOf(await book(token, { ...contact, itemType: 'route', itemId: route.id, quantity: 1 })), label).to.deep.equal([401, 'UNAUTHORIZED']);
      expect(codeOf(await req('POST', '/api/v1/admin/routes', { token, body: { name: 'x', priceCents: 1, groupSize: 1 } })), label).to.deep.equal([401, 'UNAUTHORIZED']);
    }
    for (const [label, headers] of [['missing', {}], ['not bearer', { Authorization: 'Basic Ym9iOnB3' }]] as const) {
      expect(codeOf(await req('POST', '/api/v1/orders', { headers, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } })), label).to.deep.equal([401, 'UNAUTHORIZED']);
      expect(codeOf(await req('GET', '/api/v1/orders', { headers })), label).to.deep.equal([401, 'UNAUTHORIZED']);
    }
    for (const role of [undefined, 'Admin', 'ADMIN', ['admin'], 'user']) {
      const token = await new SignJWT(role === undefined ? {} : { role }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setExpirationTime('1h').sign(key);
      expect(codeOf(await req('POST', '/api/v1/admin/routes', { token, body: { name: 'x', priceCents: 1, groupSize: 1 } })), `role ${JSON.stringify(role)}`).to.deep.equal([403, 'FORBIDDEN']);
      expect(codeOf(await req('GET', '/api/v1/admin/payments', { token }))).to.deep.equal([403, 'FORBIDDEN']);
    }
    expect(Number((await testDb()('orders').count({ n: '*' }))[0]?.['n'])).to.equal(ordersBefore);
    expect((await testDb()('routes').where({ id: route.id }).first()).sales_count).to.equal(0);
  });

  it('payment callbacks: a replay with an old (or future) timestamp is 401 STALE_SIGNATURE, a valid signature over another body is 401 BAD_SIGNATURE; a fresh redelivery is a duplicate', async () => {
    const route = await aRoute({ priceCents: 123_45 });
    const token = await tokenFor(newUser());
    const order = (await book(token, { ...contact, itemType: 'route', itemId: route.id, quantity: 1 })).body;
    const intent = (await req('POST', `/api/v1/orders/${order.orderSn}/pay`, { token })).body;
    const raw = JSON.stringify({ paymentId: intent.paymentId, orderSn: order.orderSn, providerTxnId: newTxnId(), amountCents: order.totalCents, status: 'succeeded' });
    const deliver = (body: string, header: string) => req('POST', '/api/v1/payments/callback', { raw: Buffer.from(body), headers: { 'Content-Type': 'application/json', 'Payment-Signature': header } });
    const now = Math.floor(Date.now() / 1000);
    for (const t of [now - 301, now - 86_400, now + 3600]) expect(codeOf(await deliver(raw, signatureHeader(DEV_WEBHOOK_SECRET, raw, t))), `t=${t - now}`).to.deep.equal([401, 'STALE_SIGNATURE']);
    const cheaper = raw.replace(`"amountCents":${order.totalCents}`, '"amountCents":1');
    expect(codeOf(await deliver(cheaper, signatureHeader(DEV_WEBHOOK_SECRET, raw, now))), 'signature of the real body on a changed body').to.deep.equal([401, 'BAD_SIGNATURE']);
    expect(codeOf(await deliver(`${raw} `, signatureHeader(DEV_WEBHOOK_SECRET, raw, now))), 'one byte more').to.deep.equal([401, 'BAD_SIGNATURE']);
    expect(await testDb()('payments').where({ order_id: (await testDb()('orders').where({ order_sn: order.orderSn }).first()).id }), 'nothing recorded').to.deep.equal([]);

    const header = signatureHeader(DEV_WEBHOOK_SECRET, raw, now);
    const first = await deliver(raw, header);
    expect(first.body).to.include({ duplicate: false, orderStatus: 'paid' });
    const replay = await deliver(raw, header);
    expect([replay.status, replay.body.duplicate]).to.deep.equal([200, true]);
    expect(codeOf(await deliver(raw, signatureHeader(DEV_WEBHOOK_SECRET, raw, now - 600))), 'a captured old delivery stays refused').to.deep.equal([401, 'STALE_SIGNATURE']);
    const rows = await testDb()('payments as p').join('orders as o', 'o.id', 'p.order_id').where('o.order_sn', order.orderSn).select('p.status', 'p.amount_cents');
    expect(rows).to.deep.equal([{ status: 'succeeded', amount_cents: 123_45 }]);
  });

  it('SQL-looking and emoji strings are stored verbatim and come back intact, in the answer, the order, the list and the row', async () => {
    const route = await aRoute({ groupSize: 50 });
    const user = newUser();
    const token = await tokenFor(user);
    const names = [
      "Robert'); DROP TABLE orders;--",
      "' OR '1'='1' --",
      '1; SELECT SLEEP(5); --',
      'x" OR ""="; DELETE FROM payments WHERE "1"="1',
      '🧳✈️🏔️ 旅客 👨‍👩‍👧‍👦',
      'Zoë \\ "quoted" %_ `backtick` $1',
      'NUL\u0000inside',
      '\u202Eevil\u202C right-to-left',
      '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽',
    ];
    const made: Array<{ sn: string; name: string }> = [];
    for (const name of names) {
      const res = await book(token, { itemType: 'route', itemId: route.id, quantity: 1, contactName: name, contactPhone: '+86 138-0000-0000' });
      expect(res.status, `${JSON.stringify(name)}: ${res.text}`).to.equal(201);
      expect(res.body.contactName).to.equal(name);
      made.push({ sn: res.body.orderSn, name });
    }
    const listed = new Map<string, string>(((await req('GET', '/api/v1/orders?limit=100', { token })).body.orders as Array<{ orderSn: string; contactName: string }>).map((o) => [o.orderSn, o.contactName]));
    for (const { sn, name } of made) {
      expect((await req('GET', `/api/v1/orders/${sn}`, { token })).body.contactName, JSON.stringify(name)).to.equal(name);
      expect(listed.get(sn)).to.equal(name);
      expect((await testDb()('orders').where({ order_sn: sn }).first()).contact_name).to.equal(name);
    }
    // A SQL-looking Idempotency-Key (visible ASCII, no spaces) is just a key.
    const key = "';DROP_TABLE_orders;--";
    const body = { ...contact, itemType: 'route', itemId: route.id, quantity: 1 };
    const once = await book(token, body, { 'Idempotency-Key': key });
    const twice = await book(token, body, { 'Idempotency-Key': key });
    expect([once.status, twice.status, twice.headers.get('idempotent-replayed')]).to.deep.equal([201, 201, 'true']);
    expect(twice.body.orderSn).to.equal(once.body.orderSn);
    expect(Number((await testDb()('orders').where({ user_id: user }).count({ n: '*' }))[0]?.['n'])).to.equal(names.length + 1);
  });

  it('a name with a lone UTF-16 surrogate is refused, or stored exactly as the 201 said', async () => {
    const route = await aRoute();
    const token = await tokenFor(newUser());
    const raw = `{"itemType":"route","itemId":${route.id},"quantity":1,"contactName":"a\\ud800b","contactPhone":"13800000000"}`;
    const res = await req('POST', '/api/v1/orders', { token, raw: Buffer.from(raw), headers: { 'Content-Type': 'application/json' } });
    if (res.status === 422) return;
    expect(res.status, res.text).to.equal(201);
    const read = await req('GET', `/api/v1/orders/${res.body.orderSn}`, { token });
    // Known failure (reported): the 201 echoes "a\ud800b" but the row holds "a\ufffdb" (mysql2 encodes it as U+FFFD).
    expect(JSON.stringify(read.body.contactName), 'the stored name is the one the 201 confirmed').to.equal(JSON.stringify(res.body.contactName));
  });

  it('a client-sent price is refused as an unknown field and writes nothing; totals and the payment amount come from the database', async () => {
    const route = await aRoute({ groupSize: 10, priceCents: 250_00 });
    const token = await tokenFor(newUser());
    const order = { ...contact, itemType: 'route', itemId: route.id, quantity: 2 };
    for (const extra of [{ priceCents: 1 }, { totalCents: 1 }, { subtotalCents: 1 }, { amountCents: 1 }, { currency: 'USD' }, { items: [{ priceCents: 1 }] }, { discountCents: 25_000 }]) {
      const res = await book(token, { ...order, ...extra });
      const field = Object.keys(extra)[0] as string;
      expect(codeOf(res), field).to.deep.equal([422, 'VALIDATION_FAILED']);
      // `items` makes the body a package, whose lines then refuse the price: either way the field is named.
      const paths: string[] = res.body.error.details.fields.map((f: { path: string }) => f.path);
      expect(paths.some((p) => p === `body.${field}` || p.startsWith(`body.${field}[`)), `${field}: ${paths.join(', ')}`).to.equal(true);
    }
    expect((await testDb()('routes').where({ id: route.id }).first()).sales_count, 'nothing sold').to.equal(0);

    const made = await book(token, order);
    expect(made.body).to.include({ totalCents: 500_00, currency: 'CNY' });
    const patched = await req('PATCH', `/api/v1/admin/routes/${route.id}`, { token: await app.cat.adminToken, body: { priceCents: 999_00 } });
    expect(patched.status).to.equal(200);
    const later = await book(token, { ...order, quantity: 1 });
    expect(later.body.totalCents, 'a later order uses the new database price').to.equal(999_00);
    const rows = await testDb()('orders as o').join('order_items as oi', 'oi.order_id', 'o.id').whereIn('o.order_sn', [made.body.orderSn, later.body.orderSn]).orderBy('o.created_at').select('o.total_cents', 'oi.price_cents', 'oi.quantity');
    expect(rows).to.deep.equal([{ total_cents: 500_00, price_cents: 250_00, quantity: 2 }, { total_cents: 999_00, price_cents: 999_00, quantity: 1 }]);
    const intent = await req('POST', `/api/v1/orders/${made.body.orderSn}/pay`, { token, body: { amountCents: 1 } });
    expect(intent.body.amountCents, 'the intent is for the stored total, whatever the body says').to.equal(500_00);
    expect((await req('GET', `/api/v1/orders/${made.body.orderSn}`, { token })).body.totalCents, 'the old order kept its price').to.equal(500_00);
  });
});
