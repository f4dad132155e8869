import { randomBytes } from 'node:crypto';
import { createDb, dropDatabase, ensureDatabase, migrateLatest } from '../../src/db/database.js';
import { stopAllChildren } from '../../src/cluster/processes.js';
import { conformance, conformanceSummary } from './conformance.js';
import { closeTestDb } from './harness.js';

const server = process.env['TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306';

/** Each run gets its own database, dropped at the end, so runs never see each other's data. */
export async function mochaGlobalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env['TEST_RUN_ID'] = runId;
  process.env['TEST_DATABASE_URL'] = `${server}/travel_orders_test_${runId}`;
  await ensureDatabase(process.env['TEST_DATABASE_URL']);
  const db = createDb(process.env['TEST_DATABASE_URL'], { poolMax: 2 });
  try {
    await migrateLatest(db);
  } finally {
    await db.destroy();
  }
}

export async function mochaGlobalTeardown(): Promise<void> {
  const summary = await conformanceSummary();
  if (summary) console.log(summary);
  // A mismatch inside a test that swallowed the error (a fault test's catch, say) still fails the run.
  if (conformance.mismatches > 0) process.exitCode = 1;
  await stopAllChildren();
  await closeTestDb();
  if (process.env['TEST_DATABASE_URL'] && process.env['KEEP_TEST_DB'] !== '1') await dropDatabase(process.env['TEST_DATABASE_URL']);
}
