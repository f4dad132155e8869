import type { Knex } from 'knex';
import { CapacityBelowSoldError, NotFoundError } from '../errors.js';
import { bookableDateProblem, type FieldProblem } from '../shared/calendar.js';
import { calendarDate } from '../shared/fields.js';
import {
  StockDriftError, isCheckViolation, isDrifted, liveUnitsLockedSql, liveUnitsSql, placeholders, reserveOne, type Drift, type Quote, type StockKeeper,
} from './stock-keeper.js';

export type ScenicBooking = { itemType: 'scenic'; itemId: number; visitDate: string; quantity: number };

type SpotRow = { id: number; name: string; ticket_price_cents: number; daily_quota: number | null };
type DayRow = { quota: number | null; sold: number };

const LIVE_ON_DAY = "oi.item_type = 'scenic' AND oi.item_id = ? AND oi.visit_date = ?";

/** Tickets left for a day: null when the spot has no quota. */
export async function dayAvailability(db: Knex, spotId: number, quota: number | null, day: string) {
  const row = await db('scenic_days').where({ scenic_spot_id: spotId, day }).first<DayRow | undefined>('quota', 'sold');
  const effectiveQuota = row ? row.quota : quota;
  return { available: effectiveQuota === null ? null : effectiveQuota - (row?.sold ?? 0), known: row !== undefined };
}

function visitDay(line: { visitDate?: string }): string {
  if (!line.visitDate) throw new StockDriftError('scenic line without its visit date');
  return line.visitDate;
}

/** Scenic-spot tickets: one row per spot and day, made on first sale; `quota` NULL means unlimited. */
export const scenicStock: StockKeeper<ScenicBooking> = {
  kind: 'scenic',
  requestFields: { visitDate: calendarDate },
  check: (req, now) => [bookableDateProblem('visitDate', req.visitDate, now)].filter((p): p is FieldProblem => p !== undefined),
  lockKey: (item) => `scenic:${item.itemId}`,
  stockKey: (req) => `scenic:${req.itemId}:${req.visitDate}`,

  quoteReads(reqs) {
    const spotIds = [...new Set(reqs.map((r) => r.itemId))];
    return {
      statements: [
        { sql: `SELECT id, name, ticket_price_cents, daily_quota FROM scenic_spots WHERE id IN (${placeholders(spotIds.length)})`, bindings: spotIds },
        {
          sql: `SELECT scenic_spot_id, DATE_FORMAT(day, '%Y-%m-%d') AS day, quota, sold FROM scenic_days WHERE ${reqs.map(() => '(scenic_spot_id = ? AND day = ?)').join(' OR ')}`,
          bindings: reqs.flatMap((r) => [r.itemId, r.visitDate]),
        },
      ],
      quotes([spotRows, dayRows]) {
        const spots = new Map((spotRows as SpotRow[]).map((r) => [r.id, r]));
        const days = new Map((dayRows as Array<DayRow & { scenic_spot_id: number; day: string }>).map((d) => [`${d.scenic_spot_id}:${d.day}`, d]));
        return reqs.map((req): Quote | NotFoundError => {
          const spot = spots.get(req.itemId);
          if (!spot) return new NotFoundError(`Scenic spot ${req.itemId}`);
          const day = days.get(`${req.itemId}:${req.visitDate}`);
          const quota = day ? day.quota : spot.daily_quota;
          const available = quota === null ? null : quota - (day?.sold ?? 0);
          return {
            available,
            // A day never sold gets its row when the request is accepted (unlimited days too, so every ticket is counted).
            ...(day === undefined
              ? { create: { sql: 'INSERT IGNORE INTO scenic_days (scenic_spot_id, day, quota, sold) VALUES (?, ?, ?, 0)', bindings: [spot.id, req.visitDate, spot.daily_quota] } }
              : {}),
            line: {
              itemType: 'scenic' as const,
              itemId: spot.id,
              itemName: spot.name,
              priceCents: spot.ticket_price_cents,
              quantity: req.quantity,
              visitDate: req.visitDate,
              subtotalCents: spot.ticket_price_cents * req.quantity,
              startsOn: req.visitDate,
            },
          };
        });
      },
    };
  },

  reserve(trx, line) {
    return reserveOne(scenicStock, trx, line, async () => {
      const row = await trx('scenic_days').where({ scenic_spot_id: line.itemId, day: visitDay(line) }).first<DayRow | undefined>('quota', 'sold');
      return { available: row && row.quota !== null ? row.quota - row.sold : 0 };
    });
  },

  reserveStatements(lines) {
    // One statement for every day of the batch: each row guarded by its own quota, every row's change counted.
    const rowOf = () => '(scenic_spot_id = ? AND day = ?)';
    const cases = lines.map(() => `WHEN ${rowOf()} THEN ?`).join(' ');
    const byDay = lines.flatMap((l) => [l.itemId, visitDay(l), l.quantity]);
    return [
      {
        sql: `UPDATE scenic_days SET sold = sold + CASE ${cases} END
               WHERE (${lines.map(rowOf).join(' OR ')}) AND (quota IS NULL OR sold + CASE ${cases} END <= quota)`,
        bindings: [...byDay, ...lines.flatMap((l) => [l.itemId, visitDay(l)]), ...byDay],
        expectRows: lines.length,
      },
    ];
  },

  async release(trx, line) {
    const day = visitDay(line);
    const changed = await trx('scenic_days')
      .where({ scenic_spot_id: line.itemId, day })
      .andWhere('sold', '>=', line.quantity)
      .decrement('sold', line.quantity);
    if (changed !== 1) throw new StockDriftError(`scenic spot ${line.itemId}: cannot give back ${line.quantity} tickets on ${day}`);
  },

  async audit(db) {
    const [rows] = await db.raw(
      `SELECT sd.scenic_spot_id AS id, DATE_FORMAT(sd.day, '%Y-%m-%d') AS date, sd.sold, sd.quota AS capacity,
              (${liveUnitsSql("oi.item_type = 'scenic' AND oi.item_id = sd.scenic_spot_id AND oi.visit_date = sd.day")}) AS live
         FROM scenic_days sd`,
    );
    return (rows as Array<{ id: number; date: string; sold: number; capacity: number | null; live: number }>)
      .filter(isDrifted)
      .map((r): Drift => ({ itemType: 'scenic', kind: 'scenic_day', itemId: r.id, date: r.date, sold: r.sold, live: Number(r.live), capacity: r.capacity }));
  },

  async countOutOfBounds(db) {
    const [[row]] = await db.raw('SELECT COUNT(*) AS n FROM scenic_days WHERE sold < 0 OR (quota IS NOT NULL AND sold > quota)');
    return Number(row.n);
  },

  lockKeyOfDrift: async (_db, drift) => `scenic:${drift.itemId}`,

  async repair(trx, drift) {
    const [[row]] = await trx.raw(liveUnitsLockedSql(LIVE_ON_DAY), [drift.itemId, drift.date]);
    const live = Number(row.live);
    const changed = await trx('scenic_days')
      .where({ scenic_spot_id: drift.itemId, day: drift.date })
      .andWhereRaw('(quota IS NULL OR quota >= ?)', [live])
      .update({ sold: live });
    if (changed !== 1) return { drift, repaired: false, reason: `live orders hold ${live}, more than the capacity; needs a human` };
    return { drift: { ...drift, live }, repaired: true };
  },

  capacity: {
    async lockKey(db, spotId) {
      if (!(await db('scenic_spots').where({ id: spotId }).first('id'))) throw new NotFoundError(`Scenic spot ${spotId}`);
      return `scenic:${spotId}`;
    },
    async change(trx, spotId, quota) {
      if (quota !== null) {
        const over = await trx('scenic_days').where('scenic_spot_id', spotId).andWhere('sold', '>', quota).orderBy('day').first('day', 'sold');
        if (over) throw new CapacityBelowSoldError(`scenic spot ${spotId}`, { day: over.day, sold: over.sold, requested: quota });
      }
      try {
        await trx('scenic_days').where('scenic_spot_id', spotId).update({ quota });
      } catch (err) {
        if (isCheckViolation(err)) throw new CapacityBelowSoldError(`scenic spot ${spotId}`);
        throw err;
      }
      await trx('scenic_spots').where({ id: spotId }).update({ daily_quota: quota });
    },
  },
};
