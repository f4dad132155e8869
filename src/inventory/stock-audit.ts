import type { Knex } from 'knex';
import { allKeepers } from './keepers.js';
import type { Drift } from './stock-keeper.js';

export type { Drift } from './stock-keeper.js';

/**
 * For every stock row of every kind: sold must equal the sum over live orders, and lie within [0, capacity].
 * Returns every row that does not; an empty list means the stock is exactly accounted for.
 */
export async function auditStock(db: Knex): Promise<Drift[]> {
  const drifts: Drift[] = [];
  for (const keeper of allKeepers()) drifts.push(...(await keeper.audit(db)));
  return drifts;
}
