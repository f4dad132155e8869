import type { Knex } from 'knex';

/** One stock row whose count disagrees with the live orders (pending or paid) that hold it, or breaks its bounds. */
export type Drift = {
  kind: 'route' | 'room_night' | 'scenic_day';
  itemId: number;
  date: string | null;
  sold: number;
  live: number;
  capacity: number | null;
};

const LIVE = "('pending', 'paid')";

/**
 * For every route, room night and scenic day: sold must equal the sum over live orders, and lie within
 * [0, capacity]. Returns every row that does not; an empty list means the stock is exactly accounted for.
 */
export async function auditStock(db: Knex): Promise<Drift[]> {
  const routes = await db.raw(
    `SELECT r.id, r.sales_count AS sold, r.group_size AS capacity,
            (SELECT COALESCE(SUM(oi.quantity), 0) FROM order_items oi JOIN orders o ON o.id = oi.order_id
              WHERE oi.item_type = 'route' AND oi.item_id = r.id AND o.status IN ${LIVE}) AS live
       FROM routes r`,
  );
  const nights = await db.raw(
    `SELECT rn.room_type_id AS id, DATE_FORMAT(rn.night, '%Y-%m-%d') AS date, rn.sold, rn.total_rooms AS capacity,
            (SELECT COALESCE(SUM(oi.quantity), 0) FROM order_items oi JOIN orders o ON o.id = oi.order_id
              WHERE oi.item_type = 'hotel' AND oi.room_type_id = rn.room_type_id
                AND oi.check_in <= rn.night AND oi.check_out > rn.night AND o.status IN ${LIVE}) AS live
       FROM room_nights rn`,
  );
  // A live hotel order whose night has no row at all would be stock sold without a count.
  const orphanNights = await db.raw(
    `SELECT oi.room_type_id AS id, oi.check_in, oi.nights, oi.quantity,
            (SELECT COUNT(*) FROM room_nights rn WHERE rn.room_type_id = oi.room_type_id AND rn.night >= oi.check_in AND rn.night < oi.check_out) AS rows_found
       FROM order_items oi JOIN orders o ON o.id = oi.order_id
      WHERE oi.item_type = 'hotel' AND o.status IN ${LIVE}
     HAVING rows_found <> oi.nights`,
  );
  const days = await db.raw(
    `SELECT sd.scenic_spot_id AS id, DATE_FORMAT(sd.day, '%Y-%m-%d') AS date, sd.sold, sd.quota AS capacity,
            (SELECT COALESCE(SUM(oi.quantity), 0) FROM order_items oi JOIN orders o ON o.id = oi.order_id
              WHERE oi.item_type = 'scenic' AND oi.item_id = sd.scenic_spot_id AND oi.visit_date = sd.day AND o.status IN ${LIVE}) AS live
       FROM scenic_days sd`,
  );
  type Row = { id: number; date?: string; sold: number; capacity: number | null; live: number };
  const bad = (r: Row) => Number(r.sold) !== Number(r.live) || r.sold < 0 || (r.capacity !== null && r.sold > r.capacity);
  const drifts: Drift[] = [];
  for (const r of routes[0] as Row[]) if (bad(r)) drifts.push({ kind: 'route', itemId: r.id, date: null, sold: r.sold, live: Number(r.live), capacity: r.capacity });
  for (const r of nights[0] as Row[]) if (bad(r)) drifts.push({ kind: 'room_night', itemId: r.id, date: r.date ?? null, sold: r.sold, live: Number(r.live), capacity: r.capacity });
  for (const r of days[0] as Row[]) if (bad(r)) drifts.push({ kind: 'scenic_day', itemId: r.id, date: r.date ?? null, sold: r.sold, live: Number(r.live), capacity: r.capacity });
  for (const r of orphanNights[0] as Array<{ id: number; check_in: string }>) {
    drifts.push({ kind: 'room_night', itemId: r.id, date: r.check_in, sold: -1, live: -1, capacity: null });
  }
  return drifts;
}
