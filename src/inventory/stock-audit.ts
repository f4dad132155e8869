import type { Knex } from 'knex';
import { allKeepers } from './keepers.js';
import type { Drift } from './stock-keeper.js';

export type { Drift } from './stock-keeper.js';

/**
 * For every stock row of every kind: sold must equal the sum over live orders, and lie within [0, capacity].
 * Returns every row that does not; an empty list means the stock is exactly accounted for.
 */
/** Stock rows of every kind outside [0, capacity]: the oversell count the tests and the benchmark report. */
export async function countOversoldRows(db: Knex): Promise<number> {
  let n = 0;
  for (const keeper of allKeepers()) n += await keeper.countOutOfBounds(db);
  return n;
}

export async function auditStock(db: Knex): Promise<Drift[]> {
  const drifts: Drift[] = [];
  for (const keeper of allKeepers()) drifts.push(...(await keeper.audit(db)));
  return drifts;
}
