import type { Knex } from 'knex';
import { InsufficientStockError, NotFoundError } from '../errors.js';
import { StockDriftError, isCheckViolation, type StockKeeper } from './stock-keeper.js';

export type ScenicBooking = { itemType: 'scenic'; itemId: number; visitDate: string; quantity: number };

type SpotRow = { id: number; name: string; ticket_price_cents: number; daily_quota: number | null };
type DayRow = { quota: number | null; sold: number };

/** Tickets left for a day: null when the spot has no quota. */
export async function dayAvailability(db: Knex, spotId: number, quota: number | null, day: string) {
  const row = await db('scenic_days').where({ scenic_spot_id: spotId, day }).first<DayRow | undefined>('quota', 'sold');
  const effectiveQuota = row ? row.quota : quota;
  return { available: effectiveQuota === null ? null : effectiveQuota - (row?.sold ?? 0), known: row !== undefined };
}

export const scenicStock: StockKeeper<ScenicBooking> = {
  kind: 'scenic',
  lockKey: (req) => `scenic:${req.itemId}`,
  stockKey: (req) => `scenic:${req.itemId}:${req.visitDate}`,

  async quote(trx, req) {
    const spot = await trx<SpotRow>('scenic_spots').where({ id: req.itemId }).first('id', 'name', 'ticket_price_cents', 'daily_quota');
    if (!spot) throw new NotFoundError(`Scenic spot ${req.itemId}`);
    const { available, known } = await dayAvailability(trx, spot.id, spot.daily_quota, req.visitDate);
    if (available !== null && available < req.quantity) throw new InsufficientStockError(available, req.quantity);
    if (!known) {
      // Unlimited days get a row too, so every ticket sold is counted and reconcilable.
      await trx('scenic_days')
        .insert({ scenic_spot_id: spot.id, day: req.visitDate, quota: spot.daily_quota, sold: 0 })
        .onConflict(['scenic_spot_id', 'day'])
        .ignore();
    }
    return {
      available,
      line: {
        itemType: 'scenic',
        itemId: spot.id,
        itemName: spot.name,
        priceCents: spot.ticket_price_cents,
        quantity: req.quantity,
        visitDate: req.visitDate,
        subtotalCents: spot.ticket_price_cents * req.quantity,
      },
    };
  },

  async reserve(trx, line) {
    const day = visitDay(line);
    let changed: number;
    try {
      changed = await trx('scenic_days')
        .where({ scenic_spot_id: line.itemId, day })
        .andWhereRaw('(quota IS NULL OR sold + ? <= quota)', [line.quantity])
        .increment('sold', line.quantity);
    } catch (err) {
      if (isCheckViolation(err)) changed = 0;
      else throw err;
    }
    if (changed !== 1) {
      const row = await trx('scenic_days').where({ scenic_spot_id: line.itemId, day }).first<DayRow | undefined>('quota', 'sold');
      throw new InsufficientStockError(row && row.quota !== null ? row.quota - row.sold : 0, line.quantity);
    }
  },

  async release(trx, line) {
    const day = visitDay(line);
    const changed = await trx('scenic_days')
      .where({ scenic_spot_id: line.itemId, day })
      .andWhere('sold', '>=', line.quantity)
      .decrement('sold', line.quantity);
    if (changed !== 1) throw new StockDriftError(`scenic spot ${line.itemId}: cannot give back ${line.quantity} tickets on ${day}`);
  },
};

function visitDay(line: { visitDate?: string }): string {
  if (!line.visitDate) throw new StockDriftError('scenic line without its visit date');
  return line.visitDate;
}
