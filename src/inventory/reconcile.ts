import type { Knex } from 'knex';
import type { WithItemLock } from '../locks/item-locks.js';
import { auditStock, type Drift } from './stock-audit.js';

export type Repair = { drift: Drift; repaired: boolean; reason?: string };

async function lockKeyFor(db: Knex, drift: Drift): Promise<string> {
  if (drift.kind === 'route') return `route:${drift.itemId}`;
  if (drift.kind === 'scenic_day') return `scenic:${drift.itemId}`;
  const rt = await db('room_types').where({ id: drift.itemId }).first<{ hotel_id: number } | undefined>('hotel_id');
  return `hotel:${rt?.hotel_id ?? 0}`;
}

const LIVE = "('pending', 'paid')";

/** Sets one stock row to what its live orders hold, under the item's lease, re-measured inside the transaction. */
async function repairOne(db: Knex, withItemLock: WithItemLock, drift: Drift): Promise<Repair> {
  if (drift.sold < 0 && drift.live < 0) return { drift, repaired: false, reason: 'a live hotel order has nights with no stock row; needs a human' };
  return withItemLock(await lockKeyFor(db, drift), (lease) =>
    db.transaction(async (trx) => {
      let live: number;
      let changed: number;
      if (drift.kind === 'route') {
        const [[row]] = await trx.raw(
          `SELECT COALESCE(SUM(oi.quantity), 0) AS live FROM order_items oi JOIN orders o ON o.id = oi.order_id
            WHERE oi.item_type = 'route' AND oi.item_id = ? AND o.status IN ${LIVE} LOCK IN SHARE MODE`,
          [drift.itemId],
        );
        live = Number(row.live);
        changed = await trx('routes').where({ id: drift.itemId }).andWhere('group_size', '>=', live).update({ sales_count: live });
      } else if (drift.kind === 'room_night') {
        const [[row]] = await trx.raw(
          `SELECT COALESCE(SUM(oi.quantity), 0) AS live FROM order_items oi JOIN orders o ON o.id = oi.order_id
            WHERE oi.item_type = 'hotel' AND oi.room_type_id = ? AND oi.check_in <= ? AND oi.check_out > ? AND o.status IN ${LIVE} LOCK IN SHARE MODE`,
          [drift.itemId, drift.date, drift.date],
        );
        live = Number(row.live);
        changed = await trx('room_nights').where({ room_type_id: drift.itemId, night: drift.date }).andWhere('total_rooms', '>=', live).update({ sold: live });
      } else {
        const [[row]] = await trx.raw(
          `SELECT COALESCE(SUM(oi.quantity), 0) AS live FROM order_items oi JOIN orders o ON o.id = oi.order_id
            WHERE oi.item_type = 'scenic' AND oi.item_id = ? AND oi.visit_date = ? AND o.status IN ${LIVE} LOCK IN SHARE MODE`,
          [drift.itemId, drift.date],
        );
        live = Number(row.live);
        changed = await trx('scenic_days')
          .where({ scenic_spot_id: drift.itemId, day: drift.date })
          .andWhereRaw('(quota IS NULL OR quota >= ?)', [live])
          .update({ sold: live });
      }
      if (changed !== 1) return { drift, repaired: false, reason: `live orders hold ${live}, more than the capacity; needs a human` };
      lease.assertHeld();
      return { drift: { ...drift, live }, repaired: true };
    }),
  );
}

/** Finds drift; with `repair`, fixes each row it can and says why for the rest. */
export async function reconcile(db: Knex, withItemLock: WithItemLock, { repair = false } = {}): Promise<{ drift: Drift[]; repairs: Repair[] }> {
  const drift = await auditStock(db);
  if (!repair) return { drift, repairs: [] };
  const repairs: Repair[] = [];
  for (const d of drift) repairs.push(await repairOne(db, withItemLock, d));
  return { drift, repairs };
}
