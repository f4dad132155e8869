import type { Knex } from 'knex';
import { CapacityBelowSoldError, InsufficientStockError, NotFoundError } from '../errors.js';
import {
  StockDriftError, guardedUpdate, isDrifted, liveUnitsLockedSql, liveUnitsSql, type Drift, type StockKeeper,
} from './stock-keeper.js';

export type RouteBooking = { itemType: 'route'; itemId: number; quantity: number };

type RouteRow = { id: number; name: string; price_cents: number; group_size: number; sales_count: number };

const LIVE_ON_ROUTE = "oi.item_type = 'route' AND oi.item_id = ?";

async function availableSlots(db: Knex, routeId: number): Promise<number> {
  const row = await db('routes').where({ id: routeId }).first<{ available: number } | undefined>(db.raw('group_size - sales_count AS available'));
  return row?.available ?? 0;
}

/** Tour routes: one row per route, `sales_count` of `group_size` seats sold. */
export const routeStock: StockKeeper<RouteBooking> = {
  kind: 'route',
  requestFields: {},
  check: () => [],
  lockKey: (item) => `route:${item.itemId}`,
  stockKey: (req) => `route:${req.itemId}`,

  async quote(trx, req) {
    const route = await trx<RouteRow>('routes').where({ id: req.itemId }).first('id', 'name', 'price_cents', 'group_size', 'sales_count');
    if (!route) throw new NotFoundError(`Route ${req.itemId}`);
    const available = route.group_size - route.sales_count;
    if (available < req.quantity) throw new InsufficientStockError(available, req.quantity);
    return {
      available,
      line: {
        itemType: 'route',
        itemId: route.id,
        itemName: route.name,
        priceCents: route.price_cents,
        quantity: req.quantity,
        subtotalCents: route.price_cents * req.quantity,
      },
    };
  },

  async reserve(trx, line) {
    const changed = await guardedUpdate(
      trx('routes').where('id', line.itemId).andWhereRaw('sales_count + ? <= group_size', [line.quantity]).increment('sales_count', line.quantity),
    );
    if (changed !== 1) throw new InsufficientStockError(await availableSlots(trx, line.itemId), line.quantity);
  },

  async release(trx, line) {
    const changed = await trx('routes').where('id', line.itemId).andWhere('sales_count', '>=', line.quantity).decrement('sales_count', line.quantity);
    if (changed !== 1) throw new StockDriftError(`route ${line.itemId}: cannot give back ${line.quantity} seats`);
  },

  async audit(db) {
    const [rows] = await db.raw(
      `SELECT r.id, r.sales_count AS sold, r.group_size AS capacity, (${liveUnitsSql("oi.item_type = 'route' AND oi.item_id = r.id")}) AS live FROM routes r`,
    );
    return (rows as Array<{ id: number; sold: number; capacity: number; live: number }>)
      .filter(isDrifted)
      .map((r): Drift => ({ itemType: 'route', kind: 'route', itemId: r.id, date: null, sold: r.sold, live: Number(r.live), capacity: r.capacity }));
  },

  async countOutOfBounds(db) {
    const [[row]] = await db.raw('SELECT COUNT(*) AS n FROM routes WHERE sales_count < 0 OR sales_count > group_size');
    return Number(row.n);
  },

  lockKeyOfDrift: async (_db, drift) => `route:${drift.itemId}`,

  async repair(trx, drift) {
    const [[row]] = await trx.raw(liveUnitsLockedSql(LIVE_ON_ROUTE), [drift.itemId]);
    const live = Number(row.live);
    const changed = await trx('routes').where({ id: drift.itemId }).andWhere('group_size', '>=', live).update({ sales_count: live });
    if (changed !== 1) return { drift, repaired: false, reason: `live orders hold ${live}, more than the capacity; needs a human` };
    return { drift: { ...drift, live }, repaired: true };
  },

  capacity: {
    async lockKey(db, routeId) {
      if (!(await db('routes').where({ id: routeId }).first('id'))) throw new NotFoundError(`Route ${routeId}`);
      return `route:${routeId}`;
    },
    async change(trx, routeId, groupSize) {
      if (groupSize === null) throw new StockDriftError('a route always has a group size');
      const changed = await trx('routes').where({ id: routeId }).andWhere('sales_count', '<=', groupSize).update({ group_size: groupSize });
      if (changed !== 1) {
        const row = await trx('routes').where({ id: routeId }).first<{ sales_count: number }>('sales_count');
        throw new CapacityBelowSoldError(`route ${routeId}`, { salesCount: row.sales_count, requested: groupSize });
      }
    },
  },
};
