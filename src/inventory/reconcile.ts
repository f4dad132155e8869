import type { Knex } from 'knex';
import type { UnderLeases } from '../locks/leased-transaction.js';
import { keeperOf } from './keepers.js';
import { auditStock } from './stock-audit.js';
import type { Drift, Repair } from './stock-keeper.js';

export type { Repair } from './stock-keeper.js';

/** Sets one stock row to what its live orders hold, under the item's lease, re-measured inside the transaction. */
async function repairOne(db: Knex, underLeases: UnderLeases, drift: Drift): Promise<Repair> {
  const keeper = keeperOf(drift.itemType);
  return underLeases([await keeper.lockKeyOfDrift(db, drift)], (trx) => keeper.repair(trx, drift));
}

/** Finds drift; with `repair`, fixes each row it can and says why for the rest. */
export async function reconcile(db: Knex, underLeases: UnderLeases, { repair = false } = {}): Promise<{ drift: Drift[]; repairs: Repair[] }> {
  const drift = await auditStock(db);
  if (!repair) return { drift, repairs: [] };
  const repairs: Repair[] = [];
  for (const d of drift) repairs.push(await repairOne(db, underLeases, d));
  return { drift, repairs };
}
