import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../errors.js';
import { nightsAvailability } from '../inventory/hotel-stock.js';
import { keepers } from '../inventory/keepers.js';
import { dayAvailability } from '../inventory/scenic-stock.js';
import type { ItemKind } from '../inventory/stock-keeper.js';
import type { UnderLeases } from '../locks/leased-transaction.js';
import { stayProblem } from '../shared/calendar.js';
import type {
  CreateRoomType, CreateRoute, CreateScenicSpot, Hotel, PatchRoomType, PatchRoute, PatchScenicSpot, RoomAvailability, RoomType, Route, ScenicAvailability, ScenicSpot,
} from './catalog-schemas.js';

export type { Hotel, RoomType, Route, ScenicSpot };

const routeColumns = ['id', 'name', 'price_cents', 'group_size', 'sales_count', 'departure_date'] as const;
type RouteRow = { id: number; name: string; price_cents: number; group_size: number; sales_count: number; departure_date: string | null };
type RoomTypeRow = { id: number; hotel_id: number; name: string; price_cents: number; total_rooms: number };
type SpotRow = { id: number; name: string; ticket_price_cents: number; daily_quota: number | null };

const toRoute = (r: RouteRow): Route => ({
  id: r.id, name: r.name, priceCents: r.price_cents, groupSize: r.group_size, salesCount: r.sales_count, availableSlots: r.group_size - r.sales_count,
  departureDate: r.departure_date,
});
const toRoomType = (r: RoomTypeRow): RoomType => ({ id: r.id, hotelId: r.hotel_id, name: r.name, priceCents: r.price_cents, totalRooms: r.total_rooms });
const toSpot = (r: SpotRow): ScenicSpot => ({ id: r.id, name: r.name, ticketPriceCents: r.ticket_price_cents, dailyQuota: r.daily_quota });

export function createCatalogService(db: Knex, underLeases: UnderLeases) {
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

  /**
   * Name, price and capacity of a catalogue entity. It takes the item's lease like a booking, so no booking sees a
   * half-applied capacity; the keeper refuses a capacity below what is sold.
   */
  async function patch<T>(
    kind: ItemKind,
    table: string,
    entityId: number,
    columns: Record<string, unknown>,
    capacity: number | null | undefined,
    read: (trx: Knex.Transaction) => Promise<T>,
  ): Promise<T> {
    const keeper = keepers[kind].capacity;
    return underLeases([await keeper.lockKey(db, entityId)], async (trx) => {
      if (capacity !== undefined) await keeper.change(trx, entityId, capacity);
      const changes = Object.fromEntries(Object.entries(columns).filter(([, v]) => v !== undefined));
      await trx(table).where({ id: entityId }).update({ ...changes, updated_at: trx.fn.now(3) });
      return read(trx);
    });
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

    async roomAvailability(roomTypeId: number, checkIn: string, checkOut: string): Promise<RoomAvailability> {
      const rt = await getRoomType(roomTypeId);
      const problem = stayProblem(checkIn, checkOut);
      if (problem) throw new ValidationError([{ ...problem, path: `query.${problem.path}` }]);
      const list = await nightsAvailability(db, rt.id, rt.totalRooms, checkIn, checkOut);
      return { roomTypeId: rt.id, nights: list.map(({ night, available }) => ({ night, available })) };
    },

    async scenicAvailability(spotId: number, date: string): Promise<ScenicAvailability> {
      const spot = await getScenicSpot(spotId);
      const { available } = await dayAvailability(db, spot.id, spot.dailyQuota, date);
      return { scenicSpotId: spot.id, date, available };
    },

    async createRoute(input: CreateRoute): Promise<Route> {
      const [id] = await db('routes').insert({ name: input.name, price_cents: input.priceCents, group_size: input.groupSize, sales_count: 0, departure_date: input.departureDate ?? null });
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

    patchRoute: (id: number, input: PatchRoute): Promise<Route> =>
      patch('route', 'routes', id, { name: input.name, price_cents: input.priceCents, departure_date: input.departureDate }, input.groupSize, (trx) => getRoute(id, trx)),

    patchRoomType: (id: number, input: PatchRoomType): Promise<RoomType> =>
      patch('hotel', 'room_types', id, { name: input.name, price_cents: input.priceCents }, input.totalRooms, (trx) => getRoomType(id, trx)),

    patchScenicSpot: (id: number, input: PatchScenicSpot): Promise<ScenicSpot> =>
      patch('scenic', 'scenic_spots', id, { name: input.name, ticket_price_cents: input.ticketPriceCents }, input.dailyQuota, (trx) => getScenicSpot(id, trx)),
  };
}

export type CatalogService = ReturnType<typeof createCatalogService>;
