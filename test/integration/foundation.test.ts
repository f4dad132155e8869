import { expect } from 'chai';
import { call, catalogue, newUser, startApp, tokenFor, testDb, useApp } from '../support/harness.js';
import { startRedis } from '../../src/cluster/processes.js';

describe('foundation: HTTP surface on the real MySQL and Redis', () => {
  const app = useApp();
  let admin: string;
  before(async () => {
    admin = await tokenFor(newUser('admin'), true);
  });

  describe('health', () => {
    it('answers /healthz and /readyz with 200, and a request id on every response', async () => {
      const h = await call(app.url, 'GET', '/healthz');
      expect(h.status).to.equal(200);
      const r = await call(app.url, 'GET', '/readyz');
      expect(r.status).to.equal(200);
      expect(r.body.checks.mysql).to.equal('ok');
      expect(r.headers.get('x-request-id')).to.match(/^[0-9a-f-]{36}$/);
      const echoed = await call(app.url, 'GET', '/healthz', { headers: { 'X-Request-Id': 'abc-123' } });
      expect(echoed.headers.get('x-request-id')).to.equal('abc-123');
      const insane = await call(app.url, 'GET', '/healthz', { headers: { 'X-Request-Id': 'a b<script>' } });
      expect(insane.headers.get('x-request-id')).to.not.equal('a b<script>');
    });

    it('serves the OpenAPI document, generated from the validation schemas', async () => {
      const doc = await call(app.url, 'GET', '/openapi.json');
      expect(doc.status).to.equal(200);
      expect(doc.body.openapi).to.equal('3.1.0');
      expect(doc.body.paths).to.include.keys('/api/v1/orders', '/api/v1/orders/{orderSn}/pay', '/api/v1/payments/callback', '/api/v1/admin/routes', '/healthz', '/readyz', '/metrics');
      expect(JSON.stringify(doc.body.components.schemas.PlaceOrder)).to.include('roomTypeId');
    });

    it('turns /readyz 503 with the reason when its Redis lock master is unreachable', async () => {
      const redis = await startRedis();
      const lonely = await startApp({ REDIS_URLS: redis.url, IDEMPOTENCY_REDIS_URL: 'redis://127.0.0.1:6379' });
      try {
        expect((await call(lonely.url, 'GET', '/readyz')).status).to.equal(200);
        await redis.stop();
        const res = await call(lonely.url, 'GET', '/readyz');
        expect(res.status).to.equal(503);
        expect(res.body.reasons.join(' ')).to.match(/redis: only 0 of 1 lock masters answer/);
        expect((await call(lonely.url, 'GET', '/healthz')).status, 'liveness does not depend on Redis').to.equal(200);
      } finally {
        await lonely.close();
        await redis.stop();
      }
    });
  });

  describe('bad input', () => {
    it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
      const res = await call(app.url, 'POST', '/api/v1/admin/routes', { token: admin, raw: '{"name": "x",', headers: { 'Content-Type': 'application/json' } });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('MALFORMED_JSON');
    });

    it('answers an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await call(app.url, 'POST', '/api/v1/admin/routes', { token: admin, raw: JSON.stringify({ name: 'x'.repeat(200_000) }), headers: { 'Content-Type': 'application/json' } });
      expect(res.status).to.equal(413);
      expect(res.body.error.code).to.equal('PAYLOAD_TOO_LARGE');
    });

    it('answers a non-JSON content type with 415', async () => {
      const res = await call(app.url, 'POST', '/api/v1/admin/routes', { token: admin, raw: 'name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(res.status).to.equal(415);
      expect(res.body.error.code).to.equal('UNSUPPORTED_MEDIA_TYPE');
    });

    it('names every offending field path in a 422', async () => {
      const res = await call(app.url, 'POST', '/api/v1/admin/routes', { token: admin, body: { name: '', priceCents: 1.5, groupSize: -1, extra: true } });
      expect(res.status).to.equal(422);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
      expect(paths).to.include.members(['body.name', 'body.priceCents', 'body.groupSize', 'body.extra']);
    });

    it('validates nested paths of a booking', async () => {
      const res = await call(app.url, 'POST', '/api/v1/orders', {
        token: await tokenFor(newUser()),
        body: { itemType: 'hotel', itemId: 1, roomTypeId: 'two', checkIn: '2027-02-30', checkOut: '2027-03-01', quantity: 0, contactName: 'x', contactPhone: 'call me' },
      });
      expect(res.status).to.equal(422);
      const paths = res.body.error.details.fields.map((f: { path: string }) => f.path);
      expect(paths).to.include.members(['body.roomTypeId', 'body.checkIn', 'body.quantity', 'body.contactPhone']);
    });

    it('answers unknown paths with a JSON 404 and wrong methods with 405', async () => {
      const missing = await call(app.url, 'GET', '/api/v1/nothing-here');
      expect(missing.status).to.equal(404);
      expect(missing.body.error.code).to.equal('NOT_FOUND');
      const wrong = await call(app.url, 'DELETE', '/api/v1/routes/1');
      expect(wrong.status).to.equal(405);
      expect(wrong.body.error.code).to.equal('METHOD_NOT_ALLOWED');
      expect(wrong.headers.get('allow'), 'a 405 says which methods the path has').to.equal('HEAD, GET');
      const pay = await call(app.url, 'GET', '/api/v1/orders/BD20270101000000ABCDEFGHJK/pay');
      expect([pay.status, pay.headers.get('allow')]).to.deep.equal([405, 'POST']);
      expect(pay.body.error.message).to.equal('GET is not allowed on /api/v1/orders/BD20270101000000ABCDEFGHJK/pay; it allows POST');
      const unheard = await call(app.url, 'PROPFIND', '/api/v1/routes/1');
      expect([unheard.status, unheard.body.error.code, unheard.headers.get('allow')]).to.deep.equal([405, 'METHOD_NOT_ALLOWED', 'HEAD, GET']);
      expect((await call(app.url, 'PROPFIND', '/api/v1/nothing-here')).status, 'a path nothing serves is not found, whatever the method').to.equal(404);
      // The operations endpoints and the page answer a wrong method the same way.
      for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/']) {
        const r = await call(app.url, 'POST', path);
        expect([r.status, r.body?.error?.code, r.headers.get('allow')], `POST ${path}`).to.deep.equal([405, 'METHOD_NOT_ALLOWED', 'HEAD, GET']);
      }
    });
  });

  describe('catalogue', () => {
    it('creates, reads and patches a route; refuses a capacity below what is sold', async () => {
      const { aRoute } = catalogue(app.url);
      const route = await aRoute({ groupSize: 5, priceCents: 1234_56 });
      expect(route).to.include({ groupSize: 5, priceCents: 123456, salesCount: 0, availableSlots: 5 });
      const read = await call(app.url, 'GET', `/api/v1/routes/${route.id}`);
      expect(read.body).to.deep.equal(route);

      const user = await tokenFor(newUser());
      const booked = await call(app.url, 'POST', '/api/v1/orders', { token: user, body: { itemType: 'route', itemId: route.id, quantity: 3, contactName: 'A', contactPhone: '13800000000' } });
      expect(booked.status).to.equal(201);

      const tooSmall = await call(app.url, 'PATCH', `/api/v1/admin/routes/${route.id}`, { token: admin, body: { groupSize: 2 } });
      expect(tooSmall.status).to.equal(409);
      expect(tooSmall.body.error.code).to.equal('CAPACITY_BELOW_SOLD');
      expect((await call(app.url, 'GET', `/api/v1/routes/${route.id}`)).body.groupSize, 'nothing changed').to.equal(5);

      const ok = await call(app.url, 'PATCH', `/api/v1/admin/routes/${route.id}`, { token: admin, body: { groupSize: 3, priceCents: 999 } });
      expect(ok.status).to.equal(200);
      expect(ok.body).to.include({ groupSize: 3, priceCents: 999, salesCount: 3, availableSlots: 0 });
    });

    it('creates a hotel with room types and shows per-night availability', async () => {
      const { aHotel } = catalogue(app.url);
      const { hotel, roomType } = await aHotel({ totalRooms: 4 });
      const read = await call(app.url, 'GET', `/api/v1/hotels/${hotel.id}`);
      expect(read.body.roomTypes).to.deep.equal([{ id: roomType.id, hotelId: hotel.id, name: 'Double', priceCents: 50000, totalRooms: 4 }]);
      const avail = await call(app.url, 'GET', `/api/v1/room-types/${roomType.id}/availability?checkIn=2027-05-01&checkOut=2027-05-04`);
      expect(avail.body).to.deep.equal({
        roomTypeId: roomType.id,
        nights: [{ night: '2027-05-01', available: 4 }, { night: '2027-05-02', available: 4 }, { night: '2027-05-03', available: 4 }],
      });
      const reversed = await call(app.url, 'GET', `/api/v1/room-types/${roomType.id}/availability?checkIn=2027-05-04&checkOut=2027-05-01`);
      expect(reversed.status).to.equal(422);
      const patched = await call(app.url, 'PATCH', `/api/v1/admin/room-types/${roomType.id}`, { token: admin, body: { totalRooms: 6 } });
      expect(patched.body.totalRooms).to.equal(6);
    });

    it('creates scenic spots with and without a quota', async () => {
      const { aScenicSpot } = catalogue(app.url);
      const limited = await aScenicSpot({ dailyQuota: 7 });
      const unlimited = await aScenicSpot({ dailyQuota: null });
      expect((await call(app.url, 'GET', `/api/v1/scenic-spots/${limited.id}/availability?date=2027-05-01`)).body).to.deep.equal({ scenicSpotId: limited.id, date: '2027-05-01', available: 7 });
      expect((await call(app.url, 'GET', `/api/v1/scenic-spots/${unlimited.id}/availability?date=2027-05-01`)).body.available).to.equal(null);
      const bad = await call(app.url, 'PATCH', `/api/v1/admin/scenic-spots/${limited.id}`, { token: admin, body: { dailyQuota: -3 } });
      expect(bad.status).to.equal(422);
    });

    it('answers 404 for items that do not exist and 422 for ids that are not ids', async () => {
      expect((await call(app.url, 'GET', '/api/v1/routes/999999999')).status).to.equal(404);
      expect((await call(app.url, 'GET', '/api/v1/routes/abc')).status).to.equal(422);
      expect((await call(app.url, 'GET', '/api/v1/hotels/0')).status).to.equal(422);
      expect((await call(app.url, 'PATCH', '/api/v1/admin/routes/999999999', { token: admin, body: { name: 'x' } })).status).to.equal(404);
    });
  });

  it('keeps money in integer cents in the database', async () => {
    const [[col]] = await testDb().raw("SELECT DATA_TYPE AS t FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'routes' AND COLUMN_NAME = 'price_cents'");
    expect(col.t).to.equal('bigint');
  });
});
