import type { Knex } from 'knex';
import { CapacityBelowSoldError, NotFoundError } from '../errors.js';
import {
  StockDriftError, isDrifted, liveUnitsLockedSql, liveUnitsSql, placeholders, reserveOne, type Drift, type StockKeeper,
} from './stock-keeper.js';

export type RouteBooking = { itemType: 'route'; itemId: number; quantity: number };

type RouteRow = { id: number; name: string; price_cents: number; group_size: number; sales_count: number; departure_date: string | null };

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

  quoteReads(reqs) {
    const ids = [...new Set(reqs.map((r) => r.itemId))];
    return {
      statements: [{ sql: `SELECT id, name, price_cents, group_size, sales_count, DATE_FORMAT(departure_date, '%Y-%m-%d') AS departure_date FROM routes WHERE id IN (${placeholders(ids.length)})`, bindings: ids }],
      quotes([rows]) {
        const byId = new Map((rows as RouteRow[]).map((r) => [r.id, r]));
        return reqs.map((req) => {
          const route = byId.get(req.itemId);
          if (!route) return new NotFoundError(`Route ${req.itemId}`);
          return {
            available: route.group_size - route.sales_count,
            line: {
              itemType: 'route',
              itemId: route.id,
              itemName: route.name,
              priceCents: route.price_cents,
              quantity: req.quantity,
              subtotalCents: route.price_cents * req.quantity,
              ...(route.departure_date ? { startsOn: route.departure_date } : {}),
            },
          };
        });
      },
    };
  },

  reserve(trx, line) {
    return reserveOne(routeStock, trx, line, async () => ({ available: await availableSlots(trx, line.itemId) }));
  },

  reserveStatements(lines) {
    // One statement for every route of the batch: each row guarded by its own seats, every row's change counted.
    const cases = lines.map(() => 'WHEN ? THEN ?').join(' ');
    const byRoute = lines.flatMap((l) => [l.itemId, l.quantity]);
    return [
      {
        sql: `UPDATE routes SET sales_count = sales_count + CASE id ${cases} END
               WHERE id IN (${placeholders(lines.length)}) AND sales_count + CASE id ${cases} END <= group_size`,
        bindings: [...byRoute, ...lines.map((l) => l.itemId), ...byRoute],
        expectRows: lines.length,
      },
    ];
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
