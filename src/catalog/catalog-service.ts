import type { Knex } from 'knex';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import { BOOKING_HORIZON_DAYS, addDays, daysBetween, todayUtc } from '../http/schemas.js';
import { nightsAvailability } from '../inventory/hotel-stock.js';
import { dayAvailability } from '../inventory/scenic-stock.js';
import { isCheckViolation } from '../inventory/stock-keeper.js';
import type { WithItemLock } from '../locks/item-locks.js';
import type { CreateRoomType, CreateRoute, CreateScenicSpot, PatchRoomType, PatchRoute, PatchScenicSpot } from './catalog-schemas.js';

export type Route = { id: number; name: string; priceCents: number; groupSize: number; salesCount: number; availableSlots: number };
export type RoomType = { id: number; hotelId: number; name: string; priceCents: number; totalRooms: number };
export type Hotel = { id: number; name: string; roomTypes: RoomType[] };
export type ScenicSpot = { id: number; name: string; ticketPriceCents: number; dailyQuota: number | null };

const routeColumns = ['id', 'name', 'price_cents', 'group_size', 'sales_count'] as const;
type RouteRow = { id: number; name: string; price_cents: number; group_size: number; sales_count: number };
type RoomTypeRow = { id: number; hotel_id: number; name: string; price_cents: number; total_rooms: number };
type SpotRow = { id: number; name: string; ticket_price_cents: number; daily_quota: number | null };

const toRoute = (r: RouteRow): Route => ({
  id: r.id, name: r.name, priceCents: r.price_cents, groupSize: r.group_size, salesCount: r.sales_count, availableSlots: r.group_size - r.sales_count,
});
const toRoomType = (r: RoomTypeRow): RoomType => ({ id: r.id, hotelId: r.hotel_id, name: r.name, priceCents: r.price_cents, totalRooms: r.total_rooms });
const toSpot = (r: SpotRow): ScenicSpot => ({ id: r.id, name: r.name, ticketPriceCents: r.ticket_price_cents, dailyQuota: r.daily_quota });

const belowSold = (what: string, details?: Record<string, unknown>) =>
  new AppError('CAPACITY_BELOW_SOLD', `The new capacity of ${what} is below what is already sold`, details);

/** Checks a stay or visit is bookable: not in the past, not beyond the horizon, 1-30 nights. */
export function checkDates(fields: { checkIn?: string; checkOut?: string; visitDate?: string }, now = Date.now()): void {
  const today = todayUtc(now);
  // One day of slack: a traveller east of UTC is already on "tomorrow".
  const earliest = addDays(today, -1);
  const latest = addDays(today, BOOKING_HORIZON_DAYS);
  const problems: { path: string; message: string }[] = [];
  for (const path of ['checkIn', 'checkOut', 'visitDate'] as const) {
    const value = fields[path];
    if (value === undefined) continue;
    if (value < earliest) problems.push({ path, message: 'must not be in the past' });
    else if (value > latest) problems.push({ path, message: `must be within ${BOOKING_HORIZON_DAYS} days` });
  }
  if (fields.checkIn !== undefined && fields.checkOut !== undefined) {
    const nights = daysBetween(fields.checkIn, fields.checkOut);
    if (nights < 1) problems.push({ path: 'checkOut', message: 'must be after checkIn' });
    else if (nights > 30) problems.push({ path: 'checkOut', message: 'a stay is at most 30 nights' });
  }
  if (problems.length > 0) throw new ValidationError(problems);
}

export function createCatalogService(db: Knex, withItemLock: WithItemLock) {
  async function getRoute(id: number, conn: Knex = db): Promise<Route> {
    const row = await conn<RouteRow>('routes').where({ id }).first(...routeColumns);
    if (!row) throw new NotFoundError(`Route ${id}`);
    return toRoute(row);
  }

  async function getRoomType(id: number, conn: Knex = db): Promise<RoomType> {
    const row = await conn<RoomTypeRow>('room_types').where({ id }).first('id', 'hotel_id', 'name', 'price_cents', 'total_rooms');
    if (!row) throw new NotFoundError(`Room type ${id}`);
    return toRoomType(row);
  }

  async function getScenicSpot(id: number, conn: Knex = db): Promise<ScenicSpot> {
    const row = await conn<SpotRow>('scenic_spots').where({ id }).first('id', 'name', 'ticket_price_cents', 'daily_quota');
    if (!row) throw new NotFoundError(`Scenic spot ${id}`);
    return toSpot(row);
  }

  return {
    getRoute,
    getScenicSpot,

    async listRoutes(): Promise<Route[]> {
      return (await db<RouteRow>('routes').select(...routeColumns).orderBy('id').limit(200)).map(toRoute);
    },

    async listHotels(): Promise<Hotel[]> {
      const hotels = await db<{ id: number; name: string }>('hotels').select('id', 'name').orderBy('id').limit(200);
      const types = await db<RoomTypeRow>('room_types').whereIn('hotel_id', hotels.map((h) => h.id)).orderBy('id');
      return hotels.map((h) => ({ ...h, roomTypes: types.filter((t) => t.hotel_id === h.id).map(toRoomType) }));
    },

    async listScenicSpots(): Promise<ScenicSpot[]> {
      return (await db<SpotRow>('scenic_spots').select('id', 'name', 'ticket_price_cents', 'daily_quota').orderBy('id').limit(200)).map(toSpot);
    },

    async getHotel(id: number): Promise<Hotel> {
      const hotel = await db<{ id: number; name: string }>('hotels').where({ id }).first('id', 'name');
      if (!hotel) throw new NotFoundError(`Hotel ${id}`);
      const types = await db<RoomTypeRow>('room_types').where({ hotel_id: id }).orderBy('id');
      return { ...hotel, roomTypes: types.map(toRoomType) };
    },

    async roomAvailability(roomTypeId: number, checkIn: string, checkOut: string) {
      const rt = await getRoomType(roomTypeId);
      const nights = daysBetween(checkIn, checkOut);
      if (nights < 1) throw new ValidationError([{ path: 'checkOut', message: 'must be after checkIn' }]);
      if (nights > 30) throw new ValidationError([{ path: 'checkOut', message: 'a stay is at most 30 nights' }]);
      const list = await nightsAvailability(db, rt.id, rt.totalRooms, checkIn, checkOut);
      return { roomTypeId: rt.id, nights: list.map(({ night, available }) => ({ night, available })) };
    },

    async scenicAvailability(spotId: number, date: string) {
      const spot = await getScenicSpot(spotId);
      const { available } = await dayAvailability(db, spot.id, spot.dailyQuota, date);
      return { scenicSpotId: spot.id, date, available };
    },

    async createRoute(input: CreateRoute): Promise<Route> {
      const [id] = await db('routes').insert({ name: input.name, price_cents: input.priceCents, group_size: input.groupSize, sales_count: 0 });
      return getRoute(Number(id));
    },

    async createHotel(input: { name: string }): Promise<Hotel> {
      const [id] = await db('hotels').insert({ name: input.name });
      return { id: Number(id), name: input.name, roomTypes: [] };
    },

    async createRoomType(hotelId: number, input: CreateRoomType): Promise<RoomType> {
      const hotel = await db('hotels').where({ id: hotelId }).first('id');
      if (!hotel) throw new NotFoundError(`Hotel ${hotelId}`);
      const [id] = await db('room_types').insert({ hotel_id: hotelId, name: input.name, price_cents: input.priceCents, total_rooms: input.totalRooms });
      return getRoomType(Number(id));
    },

    async createScenicSpot(input: CreateScenicSpot): Promise<ScenicSpot> {
      const [id] = await db('scenic_spots').insert({ name: input.name, ticket_price_cents: input.ticketPriceCents, daily_quota: input.dailyQuota });
      return getScenicSpot(Number(id));
    },

    // Capacity changes take the item's lease, like bookings, so no booking sees a half-applied capacity.
    async patchRoute(id: number, input: PatchRoute): Promise<Route> {
      await getRoute(id);
      return withItemLock(`route:${id}`, (lease) =>
        db.transaction(async (trx) => {
          const changes: Record<string, unknown> = { updated_at: trx.fn.now(3) };
          if (input.name !== undefined) changes['name'] = input.name;
          if (input.priceCents !== undefined) changes['price_cents'] = input.priceCents;
          const q = trx('routes').where({ id });
          if (input.groupSize !== undefined) {
            changes['group_size'] = input.groupSize;
            q.andWhere('sales_count', '<=', input.groupSize);
          }
          const changed = await q.update(changes);
          if (changed !== 1) {
            const current = await getRoute(id, trx);
            throw belowSold(`route ${id}`, { salesCount: current.salesCount, requested: input.groupSize });
          }
          lease.assertHeld();
          return getRoute(id, trx);
        }),
      );
    },

    async patchRoomType(id: number, input: PatchRoomType): Promise<RoomType> {
      const rt = await getRoomType(id);
      return withItemLock(`hotel:${rt.hotelId}`, (lease) =>
        db.transaction(async (trx) => {
          const changes: Record<string, unknown> = { updated_at: trx.fn.now(3) };
          if (input.name !== undefined) changes['name'] = input.name;
          if (input.priceCents !== undefined) changes['price_cents'] = input.priceCents;
          if (input.totalRooms !== undefined) {
            changes['total_rooms'] = input.totalRooms;
            const over = await trx('room_nights').where('room_type_id', id).andWhere('sold', '>', input.totalRooms).orderBy('night').first('night', 'sold');
            if (over) throw belowSold(`room type ${id}`, { night: over.night, sold: over.sold, requested: input.totalRooms });
            try {
              await trx('room_nights').where('room_type_id', id).update({ total_rooms: input.totalRooms });
            } catch (err) {
              if (isCheckViolation(err)) throw belowSold(`room type ${id}`);
              throw err;
            }
          }
          await trx('room_types').where({ id }).update(changes);
          lease.assertHeld();
          return getRoomType(id, trx);
        }),
      );
    },

    async patchScenicSpot(id: number, input: PatchScenicSpot): Promise<ScenicSpot> {
      await getScenicSpot(id);
      return withItemLock(`scenic:${id}`, (lease) =>
        db.transaction(async (trx) => {
          const changes: Record<string, unknown> = { updated_at: trx.fn.now(3) };
          if (input.name !== undefined) changes['name'] = input.name;
          if (input.ticketPriceCents !== undefined) changes['ticket_price_cents'] = input.ticketPriceCents;
          if (input.dailyQuota !== undefined) {
            changes['daily_quota'] = input.dailyQuota;
            const quota = input.dailyQuota;
            if (quota !== null) {
              const over = await trx('scenic_days').where('scenic_spot_id', id).andWhere('sold', '>', quota).orderBy('day').first('day', 'sold');
              if (over) throw belowSold(`scenic spot ${id}`, { day: over.day, sold: over.sold, requested: quota });
            }
            try {
              await trx('scenic_days').where('scenic_spot_id', id).update({ quota });
            } catch (err) {
              if (isCheckViolation(err)) throw belowSold(`scenic spot ${id}`);
              throw err;
            }
          }
          await trx('scenic_spots').where({ id }).update(changes);
          lease.assertHeld();
          return getScenicSpot(id, trx);
        }),
      );
    },
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
