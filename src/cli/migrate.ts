import { loadConfig, redactUrl } from '../config.js';
import { createDb, ensureDatabase, migrateLatest } from '../db/database.js';
import { CommandFailure, describeError, parseCommandLine, runCommand } from './command.js';

const NAME = 'migrate';
const USAGE = `
Usage: npm run migrate

Creates the database named by DATABASE_URL if it is missing, then runs every migration it lacks (the release Job
runs this once per release). Several at once are safe: one migrates, the others wait for it.
  -h, --help   this text

Reads DATABASE_URL (default mysql://root@127.0.0.1:3306/travel_orders).
Exit: 0 migrated (or nothing to do); 1 MySQL unreachable, the migration failed, or the configuration is refused;
2 the command line is wrong.
`;

runCommand(NAME, USAGE, async () => {
  parseCommandLine({ name: NAME, usage: USAGE, args: { options: { help: { type: 'boolean', short: 'h' } } } });
  const config = loadConfig();
  const where = redactUrl(config.databaseUrl);
  let database: { database: string; created: boolean };
  try {
    database = await ensureDatabase(config.databaseUrl);
  } catch (err) {
    throw new CommandFailure(`MySQL not reachable at ${where} (${describeError(err)})`);
  }
  const db = createDb(config.databaseUrl, { poolMax: 2, log: { warn: () => undefined, error: () => undefined, debug: () => undefined } });
  try {
    const { applied } = await migrateLatest(db);
    const [, pending] = (await db.migrate.list()) as [unknown[], unknown[]];
    const did = applied.length > 0 ? `applied ${applied.length} migration(s): ${applied.join(', ')}` : 'the schema was current';
    process.stdout.write(`database ${database.database} at ${where}: ${database.created ? 'created' : 'found'}; ${did}; ${pending.length} pending\n`);
  } catch (err) {
    throw new CommandFailure(`migration failed at ${where} (${describeError(err)})`);
  } finally {
    await db.destroy();
  }
});
