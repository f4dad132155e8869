import type { Knex } from 'knex';
import type { Lease, WithItemLocks } from './item-locks.js';

/** Work that changes stock: it runs inside one transaction, under the leases of every item it touches. */
export type StockWork<T> = (trx: Knex.Transaction) => Promise<T>;

/**
 * One transaction under a held lease: the work runs, then the lease is checked, then COMMIT. A lease that ran out
 * (a paused process) must not commit; the guarded UPDATEs have kept the rows honest meanwhile.
 */
export function leasedTransaction<T>(db: Knex, lease: Lease, work: StockWork<T>): Promise<T> {
  return db.transaction(async (trx) => {
    const result = await work(trx);
    lease.assertHeld();
    return result;
  });
}

/** Every item's lease (one canonical order), one transaction, commit before release: the one way stock changes. */
export type UnderLeases = <T>(keys: readonly string[], work: StockWork<T>) => Promise<T>;

export function createUnderLeases(db: Knex, withItemLocks: WithItemLocks): UnderLeases {
  return (keys, work) => withItemLocks(keys, (lease) => leasedTransaction(db, lease, work));
}
