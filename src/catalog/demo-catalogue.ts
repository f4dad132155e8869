import type { Knex } from 'knex';

/**
 * A small catalogue for people trying the service, loaded once into an empty catalogue. A MySQL named lock
 * keeps replicas that start together from loading it twice.
 */
export async function seedDemoCatalogue(db: Knex): Promise<boolean> {
  const conn = await db.client.acquireConnection();
  const query = (sql: string, params: unknown[] = []) =>
    new Promise<Array<Record<string, unknown>>>((resolve, reject) =>
      (conn as { query: (s: string, p: unknown[], cb: (e: Error | null, r: Array<Record<string, unknown>>) => void) => void }).query(sql, params, (e, r) => (e ? reject(e) : resolve(r))),
    );
  try {
    const [got] = await query("SELECT GET_LOCK(CONCAT(DATABASE(), ':seed'), 10) AS ok");
    if (got?.['ok'] !== 1) return false;
    try {
      const counts = await Promise.all(['routes', 'hotels', 'scenic_spots'].map((t) => db(t).count<{ n: number }[]>({ n: '*' })));
      if (counts.some(([row]) => Number(row?.n) > 0)) return false;
      await db.transaction(async (trx) => {
        await trx('routes').insert({ name: 'Guilin and Yangshuo, 5 days', price_cents: 399_900, group_size: 10, sales_count: 0 });
        const [hotelId] = await trx('hotels').insert({ name: 'West Lake Garden Hotel' });
        await trx('room_types').insert([
          { hotel_id: hotelId, name: 'Double room', price_cents: 68_800, total_rooms: 5 },
          { hotel_id: hotelId, name: 'Lake-view suite', price_cents: 158_800, total_rooms: 2 },
        ]);
        await trx('scenic_spots').insert([
          { name: 'Forbidden City', ticket_price_cents: 6_000, daily_quota: 40 },
          { name: 'Temple of Heaven park', ticket_price_cents: 1_500, daily_quota: null },
        ]);
      });
      return true;
    } finally {
      await query("SELECT RELEASE_LOCK(CONCAT(DATABASE(), ':seed'))");
    }
  } finally {
    await db.client.releaseConnection(conn);
  }
}
