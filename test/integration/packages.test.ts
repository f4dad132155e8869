import { expect } from 'chai';
import { call, contact, expectStockMatchesOrders, futureDate, newUser, range, testDb, tokenFor, useApp } from '../support/harness.js';
import { dbSnapshot } from '../faults/fault-kit.js';

describe('packages: orders with several lines, all or none (real MySQL and Redis)', () => {
  const app = useApp();
  afterEach(async () => expectStockMatchesOrders());
  const book = (token: string, body: unknown, headers: Record<string, string> = {}) => call(app.url, 'POST', '/api/v1/orders', { token, body, headers });

  async function aPackage() {
    const route = await app.cat.aRoute({ groupSize: 10, priceCents: 1000_00 });
    const { hotel, roomType } = await app.cat.aHotel({ totalRooms: 2, priceCents: 300_00 });
    const spot = await app.cat.aScenicSpot({ dailyQuota: 5, ticketPriceCents: 50_00 });
    const [checkIn, checkOut, visit] = [futureDate(40), futureDate(43), futureDate(41)];
    const lines = [
      { itemType: 'route', itemId: route.id, quantity: 2 },
      { itemType: 'hotel', itemId: hotel.id, roomTypeId: roomType.id, checkIn, checkOut, quantity: 1 },
      { itemType: 'scenic', itemId: spot.id, visitDate: visit, quantity: 2 },
    ];
    return { route, hotel, roomType, spot, lines };
  }

  it('books a route, the hotel nights around it and a scenic ticket as one order: lines in request order, total the sum', async () => {
    const { route, roomType, spot, lines } = await aPackage();
    const token = await tokenFor(newUser());
    const res = await book(token, { items: lines, ...contact });
    expect(res.status, res.text).to.equal(201);
    expect(res.body.items.map((i: { itemType: string; subtotalCents: number; status: string }) => [i.itemType, i.subtotalCents, i.status])).to.deep.equal([
      ['route', 2 * 1000_00, 'booked'],
      ['hotel', 3 * 300_00, 'booked'],
      ['scenic', 2 * 50_00, 'booked'],
    ]);
    expect(res.body.totalCents).to.equal(2 * 1000_00 + 3 * 300_00 + 2 * 50_00);
    expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(2);
    const nights = await call(app.url, 'GET', `/api/v1/room-types/${roomType.id}/availability?checkIn=${futureDate(40)}&checkOut=${futureDate(43)}`);
    expect(nights.body.nights.map((n: { available: number }) => n.available)).to.deep.equal([1, 1, 1]);
    expect((await call(app.url, 'GET', `/api/v1/scenic-spots/${spot.id}/availability?date=${futureDate(41)}`)).body.available).to.equal(3);
    // Read back, the same lines in the same order.
    const read = await call(app.url, 'GET', `/api/v1/orders/${res.body.orderSn}`, { token });
    expect(read.body.items).to.deep.equal(res.body.items);
  });

  it('refuses the whole package when one line cannot be had (409 with details.line and details.available), and writes nothing', async () => {
    const { lines } = await aPackage();
    const token = await tokenFor(newUser());
    const before = await dbSnapshot();
    const tooMany = lines.map((l, i) => (i === 1 ? { ...l, quantity: 3 } : l));
    const res = await book(token, { items: tooMany, ...contact });
    expect([res.status, res.body.error.code, res.body.error.details.line, res.body.error.details.available], res.text).to.deep.equal([409, 'INSUFFICIENT_STOCK', 1, 2]);
    expect(await dbSnapshot(), 'nothing of the order was written').to.deep.equal(before);
  });

  it('sums lines on the same stock: the same route twice takes both quantities, and the line that does not fit is named', async () => {
    const route = await app.cat.aRoute({ groupSize: 3 });
    const token = await tokenFor(newUser());
    const twice = (a: number, b: number) => ({ items: [{ itemType: 'route', itemId: route.id, quantity: a }, { itemType: 'route', itemId: route.id, quantity: b }], ...contact });
    const refused = await book(token, twice(2, 2));
    expect([refused.status, refused.body.error.details.line, refused.body.error.details.available]).to.deep.equal([409, 1, 1]);
    const ok = await book(token, twice(2, 1));
    expect(ok.status, ok.text).to.equal(201);
    expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(3);
  });

  it('two room types of one hotel in one package are two stock rows; an unknown item is 404 naming its line', async () => {
    const { hotel, roomType } = await app.cat.aHotel({ totalRooms: 1 });
    const second = (await call(app.url, 'POST', `/api/v1/admin/hotels/${hotel.id}/room-types`, { token: await app.cat.adminToken, body: { name: 'Suite', priceCents: 900_00, totalRooms: 1 } })).body;
    const token = await tokenFor(newUser());
    const stay = (rt: number) => ({ itemType: 'hotel', itemId: hotel.id, roomTypeId: rt, checkIn: futureDate(60), checkOut: futureDate(62), quantity: 1 });
    expect((await book(token, { items: [stay(roomType.id), stay(second.id)], ...contact })).status).to.equal(201);
    const missing = await book(token, { items: [{ itemType: 'route', itemId: 2_000_000_000, quantity: 1 }], ...contact });
    expect([missing.status, missing.body.error.code, missing.body.error.details?.line]).to.deep.equal([404, 'NOT_FOUND', 0]);
  });

  it('validates every line by its path (body.items[2].visitDate), refuses 0 or 11 lines and unknown fields; writes nothing', async () => {
    const { lines } = await aPackage();
    const token = await tokenFor(newUser());
    const before = await dbSnapshot();
    const badDate = await book(token, { items: [lines[0], lines[1], { ...lines[2], visitDate: '2020-01-01' }], ...contact });
    expect([badDate.status, badDate.body.error.details.fields.map((f: { path: string }) => f.path)], badDate.text).to.deep.equal([422, ['body.items[2].visitDate']]);
    const badQuantity = await book(token, { items: [{ ...lines[0], quantity: 0 }], ...contact });
    expect(badQuantity.body.error.details.fields.map((f: { path: string }) => f.path)).to.deep.equal(['body.items[0].quantity']);
    for (const items of [[], range(11).map(() => lines[0])]) expect((await book(token, { items, ...contact })).status).to.equal(422);
    expect((await book(token, { items: [{ ...lines[0], contactName: 'x' }], ...contact })).status, 'contact belongs to the order').to.equal(422);
    expect((await book(token, { items: [lines[0]], ...contact, itemType: 'route' })).status, 'no mixing of the two shapes').to.equal(422);
    expect(await dbSnapshot()).to.deep.equal(before);
  });

  it('a keyed package replays; it expires and is cancelled as a whole, every line given back once', async () => {
    const { route, roomType, spot, lines } = await aPackage();
    const user = newUser();
    const token = await tokenFor(user);
    const first = await book(token, { items: lines, ...contact }, { 'Idempotency-Key': 'pkg-1' });
    const again = await book(token, { items: lines, ...contact }, { 'Idempotency-Key': 'pkg-1' });
    expect([again.status, again.headers.get('idempotent-replayed'), again.body.orderSn]).to.deep.equal([201, 'true', first.body.orderSn]);
    const cancelled = await call(app.url, 'POST', `/api/v1/orders/${first.body.orderSn}/cancel`, { token });
    expect(cancelled.body.status).to.equal('cancelled');
    expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(0);
    expect(Number((await testDb()('room_nights').where({ room_type_id: roomType.id }).sum({ n: 'sold' }))[0]?.['n'])).to.equal(0);
    expect(Number((await testDb()('scenic_days').where({ scenic_spot_id: spot.id }).sum({ n: 'sold' }))[0]?.['n'])).to.equal(0);
    const second = await book(token, { items: lines, ...contact });
    await testDb()('orders').where({ order_sn: second.body.orderSn }).update({ expires_at: new Date(Date.now() - 1000) });
    expect(await app.deps.expirySweep.expireDue()).to.be.at.least(1);
    expect((await call(app.url, 'GET', `/api/v1/orders/${second.body.orderSn}`, { token })).body.status).to.equal('expired');
    expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.salesCount).to.equal(0);
  });
});
