import type { Knex } from 'knex';
import { InsufficientStockError, NotFoundError } from '../errors.js';
import { datesInRange } from '../http/schemas.js';
import { StockDriftError, isCheckViolation, type StockKeeper } from './stock-keeper.js';

/** `itemId` is the hotel; the stay is every night from checkIn up to (not including) checkOut. */
export type HotelBooking = { itemType: 'hotel'; itemId: number; roomTypeId: number; checkIn: string; checkOut: string; quantity: number };

type RoomTypeRow = { id: number; hotel_id: number; name: string; price_cents: number; total_rooms: number; hotel_name: string };
type NightRow = { night: string; total_rooms: number; sold: number };

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

export const hotelStock: StockKeeper<HotelBooking> = {
  kind: 'hotel',
  lockKey: (req) => `hotel:${req.itemId}`,
  stockKey: (req) => `hotel:${req.roomTypeId}:${req.checkIn}:${req.checkOut}`,

  async quote(trx, req) {
    const roomType = await trx<RoomTypeRow>('room_types as rt')
      .join('hotels as h', 'h.id', 'rt.hotel_id')
      .where('rt.id', req.roomTypeId)
      .first('rt.id', 'rt.hotel_id', 'rt.name', 'rt.price_cents', 'rt.total_rooms', 'h.name as hotel_name');
    if (!roomType || roomType.hotel_id !== req.itemId) throw new NotFoundError(`Room type ${req.roomTypeId} of hotel ${req.itemId}`);
    const nights = await nightsAvailability(trx, roomType.id, roomType.total_rooms, req.checkIn, req.checkOut);
    const available = minAvailable(nights);
    if (available < req.quantity) {
      throw new InsufficientStockError(available, req.quantity, { nights: nights.map(({ night, available: a }) => ({ night, available: a })) });
    }
    // Nights never sold before get their row now, so the guarded UPDATE below covers every night of the stay.
    const missing = nights.filter((n) => !n.known);
    if (missing.length > 0) {
      await trx('room_nights')
        .insert(missing.map((n) => ({ room_type_id: roomType.id, night: n.night, total_rooms: roomType.total_rooms, sold: 0 })))
        .onConflict(['room_type_id', 'night'])
        .ignore();
    }
    return {
      available,
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
      },
    };
  },

  async reserve(trx, line) {
    const { roomTypeId, checkIn, checkOut, nights } = stay(line);
    let changed: number;
    try {
      // All nights or none: the statement's row count must equal the stay's nights.
      changed = await trx('room_nights')
        .where('room_type_id', roomTypeId)
        .andWhere('night', '>=', checkIn)
        .andWhere('night', '<', checkOut)
        .andWhereRaw('sold + ? <= total_rooms', [line.quantity])
        .increment('sold', line.quantity);
    } catch (err) {
      if (isCheckViolation(err)) changed = 0;
      else throw err;
    }
    if (changed !== nights) {
      const total = (await trx('room_types').where({ id: roomTypeId }).first<{ total_rooms: number } | undefined>('total_rooms'))?.total_rooms ?? 0;
      const after = await nightsAvailability(trx, roomTypeId, total, checkIn, checkOut);
      // Throwing rolls back the nights this statement did change.
      throw new InsufficientStockError(minAvailable(after), line.quantity, { nights: after.map(({ night, available }) => ({ night, available })) });
    }
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
};

function stay(line: { roomTypeId?: number; checkIn?: string; checkOut?: string; nights?: number }) {
  if (line.roomTypeId === undefined || !line.checkIn || !line.checkOut || !line.nights) {
    throw new StockDriftError('hotel line without its stay');
  }
  return { roomTypeId: line.roomTypeId, checkIn: line.checkIn, checkOut: line.checkOut, nights: line.nights };
}
