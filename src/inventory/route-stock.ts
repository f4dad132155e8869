import type { Knex } from 'knex';
import { InsufficientStockError, NotFoundError } from '../errors.js';
import { StockDriftError, isCheckViolation, type StockKeeper } from './stock-keeper.js';

export type RouteBooking = { itemType: 'route'; itemId: number; quantity: number };

type RouteRow = { id: number; name: string; price_cents: number; group_size: number; sales_count: number };

export const routeStock: StockKeeper<RouteBooking> = {
  kind: 'route',
  lockKey: (req) => `route:${req.itemId}`,
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
    let changed: number;
    try {
      changed = await trx('routes')
        .where('id', line.itemId)
        .andWhereRaw('sales_count + ? <= group_size', [line.quantity])
        .increment('sales_count', line.quantity);
    } catch (err) {
      if (isCheckViolation(err)) changed = 0;
      else throw err;
    }
    if (changed !== 1) throw new InsufficientStockError(await availableSlots(trx, line.itemId), line.quantity);
  },

  async release(trx, line) {
    const changed = await trx('routes')
      .where('id', line.itemId)
      .andWhere('sales_count', '>=', line.quantity)
      .decrement('sales_count', line.quantity);
    if (changed !== 1) throw new StockDriftError(`route ${line.itemId}: cannot give back ${line.quantity} seats`);
  },
};

async function availableSlots(db: Knex, routeId: number): Promise<number> {
  const row = await db('routes').where({ id: routeId }).first<{ available: number } | undefined>(db.raw('group_size - sales_count AS available'));
  return row?.available ?? 0;
}

