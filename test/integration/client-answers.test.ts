import { expect } from 'chai';
import { call, contact, expectStockMatchesOrders, newUser, testDb, tokenFor, useApp, type Res } from '../support/harness.js';
import { payIntent } from '../support/payments.js';

// What a validator says by itself (zod's wording); no answer may carry it.
const VALIDATOR_WORDING = /Invalid (input|option|type|string|union|key|element)|expected .* received|Too (small|big)|Unrecognized key/i;

describe('answers a client developer can act on (one replica, real MySQL and Redis)', () => {
  const app = useApp();
  afterEach(async () => expectStockMatchesOrders());

  const ordersOf = async (user: string) => Number((await testDb()('orders').where({ user_id: user }).count({ n: '*' }))[0]?.['n']);
  const fieldsOf = (res: Res) => res.body.error.details.fields as Array<{ path: string; message: string }>;
  const expectReadable = (res: Res) => {
    expect(res.text, 'no validator wording').to.not.match(VALIDATOR_WORDING);
    expect(res.body.error.message).to.not.include('(body)');
  };

  describe('201 Location', () => {
    it('names the order it made, also when the answer is replayed', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const token = await tokenFor(newUser());
      const body = { ...contact, itemType: 'route', itemId: route.id, quantity: 1 };
      const plain = await call(app.url, 'POST', '/api/v1/orders', { token, body });
      expect([plain.status, plain.headers.get('location')]).to.deep.equal([201, `/api/v1/orders/${plain.body.orderSn}`]);
      const there = await call(app.url, 'GET', plain.headers.get('location') as string, { token });
      expect([there.status, there.body.orderSn]).to.deep.equal([200, plain.body.orderSn]);

      const keyed = await call(app.url, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': 'loc-1' } });
      const replay = await call(app.url, 'POST', '/api/v1/orders', { token, body, headers: { 'Idempotency-Key': 'loc-1' } });
      expect(keyed.headers.get('location')).to.equal(`/api/v1/orders/${keyed.body.orderSn}`);
      expect([replay.status, replay.headers.get('idempotent-replayed'), replay.headers.get('location')]).to.deep.equal([201, 'true', `/api/v1/orders/${keyed.body.orderSn}`]);
      const refused = await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...body, quantity: 50 } });
      expect([refused.status, refused.headers.get('location')], 'a refusal names no order').to.deep.equal([409, null]);
    });
  });

  describe('Idempotency-Key present but unusable', () => {
    it('an empty header is 400 INVALID_HEADER naming header.Idempotency-Key, and books nothing', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const user = newUser();
      const token = await tokenFor(user);
      const res = await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 }, headers: { 'Idempotency-Key': '' } });
      expect([res.status, res.body.error.code], res.text).to.deep.equal([400, 'INVALID_HEADER']);
      expect(fieldsOf(res).map((f) => f.path)).to.deep.equal(['header.Idempotency-Key']);
      expect(fieldsOf(res)[0]?.message).to.match(/^must not be empty/);
      expect(res.body.error.message).to.match(/^A request header is invalid: header\.Idempotency-Key must not be empty/);
      const spaced = await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 }, headers: { 'Idempotency-Key': 'a b' } });
      expect([spaced.status, spaced.body.error.code]).to.deep.equal([400, 'INVALID_HEADER']);
      expect(await ordersOf(user), 'nothing booked').to.equal(0);
      expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(0);
    });

    it('an empty header on pay is 400 too, and makes no intent', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const token = await tokenFor(newUser());
      const order = (await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } })).body;
      const res = await call(app.url, 'POST', `/api/v1/orders/${order.orderSn}/pay`, { token, headers: { 'Idempotency-Key': '' } });
      expect([res.status, res.body.error.code]).to.deep.equal([400, 'INVALID_HEADER']);
      expect(await testDb()('payment_intents').whereRaw('order_id = (SELECT id FROM orders WHERE order_sn = ?)', [order.orderSn]).count({ n: '*' })).to.deep.equal([{ n: 0 }]);
    });
  });

  describe('a key said twice', () => {
    it('is 400 MALFORMED_JSON naming the key and where, at any depth; nothing is booked', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const other = await app.cat.aRoute({ groupSize: 5 });
      const user = newUser();
      const token = await tokenFor(user);
      const send = (raw: string) => call(app.url, 'POST', '/api/v1/orders', { token, raw, headers: { 'Content-Type': 'application/json' } });
      const top = await send(`{"itemType":"route","itemId":${route.id},"itemId":${other.id},"quantity":1,"contactName":"A","contactPhone":"+86 138 0000 0000"}`);
      expect([top.status, top.body.error.code], top.text).to.deep.equal([400, 'MALFORMED_JSON']);
      expect(fieldsOf(top)).to.deep.equal([{ path: 'body.itemId', message: 'appears more than once' }]);
      expect(top.body.error.message).to.include('body.itemId appears more than once');
      const nested = await send(`{"items":[{"itemType":"route","itemId":${route.id},"quantity":1,"quantity":2}],"contactName":"A","contactPhone":"+86 138 0000 0000"}`);
      expect([nested.status, fieldsOf(nested)[0]?.path]).to.deep.equal([400, 'body.items[0].quantity']);
      // The same key in two lines, and a key's name inside a string, are not repeats.
      const fine = await send(`{"items":[{"itemType":"route","itemId":${route.id},"quantity":1},{"itemType":"route","itemId":${other.id},"quantity":1}],"contactName":"\\"itemId\\":1","contactPhone":"+86 138 0000 0000"}`);
      expect(fine.status, fine.text).to.equal(201);
      expect(await ordersOf(user)).to.equal(1);
      for (const r of [route, other]) expect((await call(app.url, 'GET', `/api/v1/routes/${r.id}`)).body.salesCount).to.equal(1);
    });
  });

  describe('validation messages', () => {
    it('names the path with its source, what is wrong and what is allowed; a missing field is required', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const token = await tokenFor(newUser());
      const book = (body: unknown) => call(app.url, 'POST', '/api/v1/orders', { token, raw: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
      for (const body of [[], null]) {
        const res = await book(body);
        expect([res.status, fieldsOf(res)], res.text).to.deep.equal([422, [{ path: 'body', message: 'must be an object' }]]);
        expect(res.body.error.message).to.equal('The request is invalid: body must be an object');
      }
      const missing = await book({ itemType: 'route', itemId: route.id, quantity: 1, contactPhone: '+86 138 0000 0000' });
      expect(fieldsOf(missing)).to.deep.equal([{ path: 'body.contactName', message: 'is required' }]);
      const kind = await book({ ...contact, itemType: 'plane', itemId: route.id, quantity: 1 });
      expect(fieldsOf(kind)).to.deep.equal([{ path: 'body.itemType', message: 'must be one of route, hotel, scenic' }]);
      const line = await book({ ...contact, items: [{ itemType: 'route', itemId: route.id, quantity: 1 }, { itemType: 'hotel', itemId: 1, roomTypeId: 1, checkIn: '2027-02-30', checkOut: '2027-03-02', quantity: 1 }] });
      expect(fieldsOf(line)).to.deep.equal([{ path: 'body.items[1].checkIn', message: 'must be a real date YYYY-MM-DD' }]);
      const sn = await call(app.url, 'GET', '/api/v1/orders/nope', { token });
      expect([sn.status, fieldsOf(sn)]).to.deep.equal([422, [{ path: 'path.orderSn', message: 'must be an order number' }]]);
      const status = await call(app.url, 'GET', '/api/v1/orders?status=done', { token });
      expect(fieldsOf(status)).to.deep.equal([{ path: 'query.status', message: 'must be one of pending, paid, cancelled, expired' }]);
      const id = await call(app.url, 'GET', '/api/v1/routes/abc');
      expect(fieldsOf(id)).to.deep.equal([{ path: 'path.id', message: 'must be a positive integer' }]);
      const admin = await app.cat.adminToken;
      const payments = await call(app.url, 'GET', '/api/v1/admin/payments?status=lost&limit=0', { token: admin });
      expect(fieldsOf(payments)).to.deep.equal([
        { path: 'query.status', message: 'must be one of succeeded, failed, amount_mismatch, refund_required' },
        { path: 'query.limit', message: 'must be at least 1' },
      ]);
      for (const res of [missing, kind, line, sn, status, id, payments]) expectReadable(res);
    });
  });

  describe('payments', () => {
    it('pay names the intent (paymentId, as the contract says, and intentId); a cancelled order with an intent is 409', async () => {
      const route = await app.cat.aRoute({ groupSize: 5 });
      const token = await tokenFor(newUser());
      const order = (await call(app.url, 'POST', '/api/v1/orders', { token, body: { ...contact, itemType: 'route', itemId: route.id, quantity: 1 } })).body;
      const made = await payIntent(app.url, token, order.orderSn);
      expect(made.status).to.equal(201);
      expect(Object.keys(made.body).sort()).to.deep.equal(['amountCents', 'currency', 'intentId', 'orderSn', 'paymentId', 'status']);
      expect(made.body.intentId).to.equal(made.body.paymentId);
      expect((await call(app.url, 'POST', `/api/v1/orders/${order.orderSn}/cancel`, { token })).status).to.equal(200);
      const closed = await payIntent(app.url, token, order.orderSn);
      expect([closed.status, closed.body.error.code, closed.body.error.details]).to.deep.equal([409, 'ORDER_NOT_PENDING', { status: 'cancelled' }]);
    });
  });
});
