import type { Knex } from 'knex';
import type { RoomRef } from './protocol.js';

/** The benchmark's catalogue: service items made through the admin API, baseline rows straight in SQL. */
export type BenchCatalogue = {
  warmRouteId: number;
  hotRouteId: number;
  selloutRouteId: number;
  payRouteIds: number[];
  spreadRouteIds: number[];
  rooms: RoomRef[];
  baselineHotRouteId: number;
  baselineSpreadRouteIds: number[];
};

export const SELLOUT_SEATS = 1000;
/** The schema's largest capacity: more than any run can sell, so hot and spread never run out. */
const PLENTY = 1_000_000;

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

export async function buildCatalogue(
  base: string,
  adminToken: string,
  db: Knex,
  {
    spreadRoutes,
    payRoutes,
    hotels,
    roomTypesPerHotel,
    roomsPerType,
    scarceRooms,
  }: { spreadRoutes: number; payRoutes: number; hotels: number; roomTypesPerHotel: number; roomsPerType: number; scarceRooms: number },
): Promise<BenchCatalogue> {
  const post = async (path: string, body: unknown): Promise<{ id: number }> => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== 201) throw new Error(`catalogue: POST ${path} answered ${res.status} ${text}`);
    return JSON.parse(text) as { id: number };
  };
  const route = (name: string, groupSize: number) => post('/api/v1/admin/routes', { name, priceCents: 1990_00, groupSize });

  const warm = await route('Bench warm-up route', PLENTY);
  const hot = await route('Bench hot route', PLENTY);
  const sellout = await route('Bench sellout route', SELLOUT_SEATS);
  const pay = await mapLimit(
    Array.from({ length: payRoutes }, (_, i) => i),
    16,
    (i) => route(`Bench payments route ${i + 1}`, PLENTY),
  );
  const spread = await mapLimit(
    Array.from({ length: spreadRoutes }, (_, i) => i),
    16,
    (i) => route(`Bench spread route ${i + 1}`, PLENTY),
  );
  const rooms: RoomRef[] = [];
  for (let h = 0; h < hotels; h += 1) {
    const hotel = await post('/api/v1/admin/hotels', { name: `Bench hotel ${h + 1}` });
    for (let t = 0; t < roomTypesPerHotel; t += 1) {
      const rt = await post(`/api/v1/admin/hotels/${hotel.id}/room-types`, { name: `Room type ${t + 1}`, priceCents: 480_00, totalRooms: t === 0 ? scarceRooms : roomsPerType });
      rooms.push({ hotelId: hotel.id, roomTypeId: rt.id });
    }
  }

  // Baseline rows: their own routes in the same database, so the audit covers the baseline's orders too.
  const baselineRows = Array.from({ length: spreadRoutes + 1 }, (_, i) => ({
    name: i === 0 ? 'Baseline hot route' : `Baseline spread route ${i}`,
    price_cents: 1990_00,
    group_size: PLENTY,
    sales_count: 0,
  }));
  await db('routes').insert(baselineRows);
  const ids = (await db('routes').where('name', 'like', 'Baseline %').orderBy('id').pluck('id')) as number[];
  const [baselineHot, ...baselineSpread] = ids;
  if (baselineHot === undefined || baselineSpread.length !== spreadRoutes) throw new Error('catalogue: baseline routes were not created');

  return {
    warmRouteId: warm.id,
    hotRouteId: hot.id,
    selloutRouteId: sellout.id,
    payRouteIds: pay.map((r) => r.id),
    spreadRouteIds: spread.map((r) => r.id),
    rooms,
    baselineHotRouteId: baselineHot,
    baselineSpreadRouteIds: baselineSpread,
  };
}
