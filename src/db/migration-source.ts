import type { Knex } from 'knex';
import * as initial from '../../migrations/20261125000000_initial.js';
import * as idempotencyRecords from '../../migrations/20261201000000_idempotency_records.js';
import * as packagesAndRefunds from '../../migrations/20261202000000_packages_and_refunds.js';
import * as userHolds from '../../migrations/20261203000000_user_holds.js';

type Migration = { up: (knex: Knex) => Promise<void>; down: (knex: Knex) => Promise<void> };

// Listed here rather than read from a folder, so compiled code and tests migrate the same way.
const migrations: ReadonlyArray<[string, Migration]> = [
  ['20261125000000_initial.ts', initial],
  ['20261201000000_idempotency_records.ts', idempotencyRecords],
  ['20261202000000_packages_and_refunds.ts', packagesAndRefunds],
  ['20261203000000_user_holds.ts', userHolds],
];

export const migrationSource: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: () => Promise.resolve([...migrations]),
  getMigrationName: ([name]) => name,
  getMigration: ([, migration]) => Promise.resolve(migration),
};
