import { expect } from 'chai';
import { call, contact, expectStockMatchesOrders, futureDate, newUser, testDb, tokenFor, useApp } from '../support/harness.js';

/** Rooms sold on a room type's nights, uncommitted writes included: shows a booking that sits before its COMMIT. */
async function soldIncludingUncommitted(roomTypeId: number): Promise<number> {
  return testDb().transaction(
    async (trx) => Number((await trx('room_nights').where({ room_type_id: roomTypeId }).sum({ n: 'sold' }))[0]?.['n'] ?? 0),
    { isolationLevel: 'read uncommitted' },
  );
}

describe('hotel nights of different hotels do not block each other (real MySQL and Redis)', () => {
  // A long lease, so that the stay held open below is refused for nothing but what this test checks.
  const app = useApp({ FAULT_INJECTION: '1', LOCK_TTL_MS: '20000' });
  afterEach(async () => expectStockMatchesOrders());

  it('a stay held open before COMMIT in one hotel does not hold up a stay in the next hotel, whose nights follow it in the index', async () => {
    // Created one after the other: the second room type's night rows come right after the first one's in (room_type_id, night).
    const first = await app.cat.aHotel({ totalRooms: 3 });
    const second = await app.cat.aHotel({ totalRooms: 3 });
    const stay = (h: typeof first) => ({ ...contact, itemType: 'hotel', itemId: h.hotel.id, roomTypeId: h.roomType.id, checkIn: futureDate(50), checkOut: futureDate(53), quantity: 1 });
    const [u1, u2] = [await tokenFor(newUser()), await tokenFor(newUser())];

    const armed = await call(app.url, 'POST', '/__faults', { body: { point: 'booking.beforeCommit', delayMs: 3000 } });
    expect(armed.status).to.equal(204);
    let heldSettled = false;
    const held = call(app.url, 'POST', '/api/v1/orders', { token: u1, body: stay(first) }).finally(() => {
      heldSettled = true;
    });
    // Wait until the first stay's range UPDATE has run and its transaction sits open before COMMIT.
    let uncommitted = 0;
    for (let i = 0; i < 300 && uncommitted === 0 && !heldSettled; i += 1) {
      uncommitted = await soldIncludingUncommitted(first.roomType.id);
      if (uncommitted === 0) await new Promise((r) => setTimeout(r, 10));
    }
    expect(uncommitted, 'the first stay sits inside its transaction, its three nights updated').to.equal(3);
    expect(heldSettled, 'and has not committed').to.equal(false);

    // Under REPEATABLE READ the range UPDATE above also locks the gap after its last night, where this stay's rows go:
    // this booking would wait for that COMMIT, or time out with a 503.
    const next = await call(app.url, 'POST', '/api/v1/orders', { token: u2, body: stay(second) });
    expect(next.status, next.text).to.equal(201);
    expect(heldSettled, 'the second hotel was booked while the first stay was still uncommitted').to.equal(false);

    const heldRes = await held;
    expect(heldRes.status, heldRes.text).to.equal(201);
    for (const h of [first, second]) {
      const nights = await testDb()('room_nights').where({ room_type_id: h.roomType.id }).orderBy('night').select('sold');
      expect(nights.map((n) => n.sold)).to.deep.equal([1, 1, 1]);
    }
  });
});
