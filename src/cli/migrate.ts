import { loadConfig, redactUrl } from '../config.js';
import { createDb, ensureDatabase, migrateLatest } from '../db/database.js';

/** The release step (a Kubernetes Job runs it once per release): create the database if missing, then migrate. */
async function main(): Promise<void> {
  const config = loadConfig();
  await ensureDatabase(config.databaseUrl);
  const db = createDb(config.databaseUrl, { poolMax: 2 });
  try {
    await migrateLatest(db);
    const [, pending] = (await db.migrate.list()) as [unknown[], unknown[]];
    process.stdout.write(`migrated ${redactUrl(config.databaseUrl)}; ${pending.length} pending\n`);
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`migrate: ${(err as { code?: string; message?: string }).code ?? (err as Error).message}\n`);
  process.exit(1);
});
