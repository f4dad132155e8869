import type { Knex } from 'knex';
import { CapacityBelowSoldError, NotFoundError } from '../errors.js';
import { bookableDateProblem, datesInRange, stayProblem, type FieldProblem } from '../shared/calendar.js';
import { bodyId, calendarDate } from '../shared/fields.js';
import {
  LIVE_LINE_SQL, StockDriftError, isCheckViolation, isDrifted, liveUnitsLockedSql, liveUnitsSql, placeholders, reserveOne, type Drift, type Quote, type QuoteReads, type StockKeeper,
} from './stock-keeper.js';

/** `itemId` is the hotel; the stay is every night from checkIn up to (not including) checkOut. */
export type HotelBooking = { itemType: 'hotel'; itemId: number; roomTypeId: number; checkIn: string; checkOut: string; quantity: number };

type RoomTypeRow = { id: number; hotel_id: number; name: string; price_cents: number; total_rooms: number; hotel_name: string };
type NightRow = { night: string; total_rooms: number; sold: number };

const LIVE_ON_NIGHT = "oi.item_type = 'hotel' AND oi.room_type_id = ? AND oi.check_in <= ? AND oi.check_out > ?";

/** Rooms left on each night of [checkIn, checkOut); a night never sold yet has the room type's total. */
export async function nightsAvailability(db: Knex, roomTypeId: number, totalRooms: number, checkIn: string, checkOut: string) {
  const rows = await db<NightRow>('room_nights')
    .where('room_type_id', roomTypeId)
    .andWhere('night', '>=', checkIn)
    .andWhere('night', '<', checkOut)
    .select('night', 'total_rooms', 'sold');
  const byNight = new Map(rows.map((r) => [r.night, r]));
  return datesInRange(checkIn, checkOut).map((night) => {
    const row = byNight.get(night);
    return { night, available: row ? row.total_rooms - row.sold : totalRooms, known: row !== undefined };
  });
}

function minAvailable(nights: ReadonlyArray<{ available: number }>): number {
  return Math.min(...nights.map((n) => n.available));
}

function stay(line: { roomTypeId?: number; checkIn?: string; checkOut?: string; nights?: number }) {
  if (line.roomTypeId === undefined || !line.checkIn || !line.checkOut || !line.nights) {
    throw new StockDriftError('hotel line without its stay');
  }
  return { roomTypeId: line.roomTypeId, checkIn: line.checkIn, checkOut: line.checkOut, nights: line.nights };
}

async function hotelOfRoomType(db: Knex, roomTypeId: number): Promise<number | undefined> {
  return (await db('room_types').where({ id: roomTypeId }).first<{ hotel_id: number } | undefined>('hotel_id'))?.hotel_id;
}

/**
 * Stays re-read together: their room types in one statement, every night of every stay in one statement. Each quote
 * lists its nights as stock rows, so a batch can share the rooms of a night between overlapping stays exactly, and
 * the INSERT of the nights never sold yet, so the stay's guarded UPDATE covers all its nights once it is accepted.
 */
function quoteStays(reqs: readonly HotelBooking[]): QuoteReads {
  const ids = [...new Set(reqs.map((r) => r.roomTypeId))];
  return {
    statements: [
      {
        sql: `SELECT rt.id, rt.hotel_id, rt.name, rt.price_cents, rt.total_rooms, h.name AS hotel_name
                FROM room_types rt JOIN hotels h ON h.id = rt.hotel_id WHERE rt.id IN (${placeholders(ids.length)})`,
        bindings: ids,
      },
      {
        sql: `SELECT room_type_id, DATE_FORMAT(night, '%Y-%m-%d') AS night, total_rooms, sold FROM room_nights
               WHERE ${reqs.map(() => '(room_type_id = ? AND night >= ? AND night < ?)').join(' OR ')}`,
        bindings: reqs.flatMap((r) => [r.roomTypeId, r.checkIn, r.checkOut]),
      },
    ],
    quotes([typeRows, nightRows]) {
      const types = new Map((typeRows as RoomTypeRow[]).map((r) => [r.id, r]));
      const known = new Map((nightRows as Array<NightRow & { room_type_id: number }>).map((n) => [`${n.room_type_id}:${n.night}`, n]));
      return reqs.map((req) => quoteStay(req, types.get(req.roomTypeId), known));
    },
  };
}

function quoteStay(req: HotelBooking, roomType: RoomTypeRow | undefined, known: Map<string, NightRow>): Quote | NotFoundError {
  if (!roomType || roomType.hotel_id !== req.itemId) return new NotFoundError(`Room type ${req.roomTypeId} of hotel ${req.itemId}`);
  const nights = datesInRange(req.checkIn, req.checkOut).map((night) => {
    const row = known.get(`${roomType.id}:${night}`);
    return { night, available: row ? row.total_rooms - row.sold : roomType.total_rooms, known: row !== undefined };
  });
  const available = minAvailable(nights);
  const missing = nights.filter((n) => !n.known).map((n) => [roomType.id, n.night, roomType.total_rooms]);
  return {
    ...(missing.length > 0
      ? { create: { sql: `INSERT IGNORE INTO room_nights (room_type_id, night, total_rooms, sold) VALUES ${missing.map(() => '(?, ?, ?, 0)').join(', ')}`, bindings: missing.flat() } }
      : {}),
    available,
    rows: nights.map((n) => ({ row: `night:${roomType.id}:${n.night}`, available: n.available })),
    details: { nights: nights.map(({ night, available: a }) => ({ night, available: a })) },
    line: {
      itemType: 'hotel',
      itemId: roomType.hotel_id,
      itemName: `${roomType.hotel_name} · ${roomType.name}`,
      priceCents: roomType.price_cents,
      quantity: req.quantity,
      roomTypeId: roomType.id,
      checkIn: req.checkIn,
      checkOut: req.checkOut,
      nights: nights.length,
      subtotalCents: roomType.price_cents * req.quantity * nights.length,
      startsOn: req.checkIn,
    },
  };
}

/** Hotel rooms per night: one row per room type and night, made on first sale; the lease is per hotel. */
export const hotelStock: StockKeeper<HotelBooking> = {
  kind: 'hotel',
  requestFields: { roomTypeId: bodyId, checkIn: calendarDate, checkOut: calendarDate },
  check(req, now) {
    const problems = [bookableDateProblem('checkIn', req.checkIn, now), bookableDateProblem('checkOut', req.checkOut, now), stayProblem(req.checkIn, req.checkOut)];
    return problems.filter((p): p is FieldProblem => p !== undefined);
  },
  lockKey: (item) => `hotel:${item.itemId}`,
  stockKey: (req) => `hotel:${req.roomTypeId}:${req.checkIn}:${req.checkOut}`,

  quoteReads: quoteStays,

  reserve(trx, line) {
    return reserveOne(hotelStock, trx, line, async () => {
      const { roomTypeId, checkIn, checkOut } = stay(line);
      const total = (await trx('room_types').where({ id: roomTypeId }).first<{ total_rooms: number } | undefined>('total_rooms'))?.total_rooms ?? 0;
      const after = await nightsAvailability(trx, roomTypeId, total, checkIn, checkOut);
      return { available: minAvailable(after), details: { nights: after.map(({ night, available }) => ({ night, available })) } };
    });
  },

  reserveStatements(lines) {
    // All nights or none: each stay's statement must change exactly its nights. Overlapping stays share nights, so
    // each has its own statement, run in order, each guarded by what the ones before it left.
    return lines.map((line) => {
      const { roomTypeId, checkIn, checkOut, nights } = stay(line);
      return {
        sql: 'UPDATE room_nights SET sold = sold + ? WHERE room_type_id = ? AND night >= ? AND night < ? AND sold + ? <= total_rooms',
        bindings: [line.quantity, roomTypeId, checkIn, checkOut, line.quantity],
        expectRows: nights,
      };
    });
  },

  async release(trx, line) {
    const { roomTypeId, checkIn, checkOut, nights } = stay(line);
    const changed = await trx('room_nights')
      .where('room_type_id', roomTypeId)
      .andWhere('night', '>=', checkIn)
      .andWhere('night', '<', checkOut)
      .andWhere('sold', '>=', line.quantity)
      .decrement('sold', line.quantity);
    if (changed !== nights) throw new StockDriftError(`room type ${roomTypeId}: cannot give back ${line.quantity} rooms on every night ${checkIn}..${checkOut}`);
  },

  async audit(db) {
    const [nights] = await db.raw(
      `SELECT rn.room_type_id AS id, DATE_FORMAT(rn.night, '%Y-%m-%d') AS date, rn.sold, rn.total_rooms AS capacity,
              (${liveUnitsSql("oi.item_type = 'hotel' AND oi.room_type_id = rn.room_type_id AND oi.check_in <= rn.night AND oi.check_out > rn.night")}) AS live
         FROM room_nights rn`,
    );
    // A live hotel order whose night has no row at all would be stock sold without a count.
    const [orphans] = await db.raw(
      `SELECT oi.room_type_id AS id, oi.check_in, oi.nights,
              (SELECT COUNT(*) FROM room_nights rn WHERE rn.room_type_id = oi.room_type_id AND rn.night >= oi.check_in AND rn.night < oi.check_out) AS rows_found
         FROM order_items oi JOIN orders o ON o.id = oi.order_id
        WHERE oi.item_type = 'hotel' AND ${LIVE_LINE_SQL}
       HAVING rows_found <> oi.nights`,
    );
    const drifts: Drift[] = (nights as Array<{ id: number; date: string; sold: number; capacity: number; live: number }>)
      .filter(isDrifted)
      .map((r) => ({ itemType: 'hotel', kind: 'room_night', itemId: r.id, date: r.date, sold: r.sold, live: Number(r.live), capacity: r.capacity }));
    for (const r of orphans as Array<{ id: number; check_in: string }>) {
      drifts.push({ itemType: 'hotel', kind: 'room_night', itemId: r.id, date: r.check_in, sold: -1, live: -1, capacity: null });
    }
    return drifts;
  },

  async countOutOfBounds(db) {
    const [[row]] = await db.raw('SELECT COUNT(*) AS n FROM room_nights WHERE sold < 0 OR sold > total_rooms');
    return Number(row.n);
  },

  lockKeyOfDrift: async (db, drift) => `hotel:${(await hotelOfRoomType(db, drift.itemId)) ?? 0}`,

  async repair(trx, drift) {
    if (drift.sold < 0 && drift.live < 0) return { drift, repaired: false, reason: 'a live hotel order has nights with no stock row; needs a human' };
    const [[row]] = await trx.raw(liveUnitsLockedSql(LIVE_ON_NIGHT), [drift.itemId, drift.date, drift.date]);
    const live = Number(row.live);
    const changed = await trx('room_nights').where({ room_type_id: drift.itemId, night: drift.date }).andWhere('total_rooms', '>=', live).update({ sold: live });
    if (changed !== 1) return { drift, repaired: false, reason: `live orders hold ${live}, more than the capacity; needs a human` };
    return { drift: { ...drift, live }, repaired: true };
  },

  capacity: {
    async lockKey(db, roomTypeId) {
      const hotelId = await hotelOfRoomType(db, roomTypeId);
      if (hotelId === undefined) throw new NotFoundError(`Room type ${roomTypeId}`);
      return `hotel:${hotelId}`;
    },
    async change(trx, roomTypeId, totalRooms) {
      if (totalRooms === null) throw new StockDriftError('a room type always has a number of rooms');
      const over = await trx('room_nights').where('room_type_id', roomTypeId).andWhere('sold', '>', totalRooms).orderBy('night').first('night', 'sold');
      if (over) throw new CapacityBelowSoldError(`room type ${roomTypeId}`, { night: over.night, sold: over.sold, requested: totalRooms });
      try {
        await trx('room_nights').where('room_type_id', roomTypeId).update({ total_rooms: totalRooms });
      } catch (err) {
        if (isCheckViolation(err)) throw new CapacityBelowSoldError(`room type ${roomTypeId}`);
        throw err;
      }
      await trx('room_types').where({ id: roomTypeId }).update({ total_rooms: totalRooms });
    },
  },
};
