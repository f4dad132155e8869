import { ConfigError, loadConfig, redactUrl, type Config } from '../config.js';
import { checkDatabase } from '../db/database.js';
import { createDeps, createLogger } from '../deps.js';
import { reconcile } from '../inventory/reconcile.js';
import { auditStock } from '../inventory/stock-audit.js';
import type { Drift } from '../inventory/stock-keeper.js';
import { CommandFailure, describeError, parseCommandLine, runCommand } from './command.js';

const NAME = 'reconcile';
const USAGE = `
Usage: npm run reconcile [-- --repair]

Checks that every route, hotel night and scenic day has sold exactly what its live (pending and paid) orders hold,
and prints each row that does not. Changes nothing unless asked.
  --repair     set each drifted row to what its live orders hold, in a transaction under the item's lease;
               then check again
  -h, --help   this text

Reads DATABASE_URL; with --repair also REDIS_URLS, REDIS_KEY_PREFIX, LOCK_TTL_MS and LOCK_WAIT_MS (the item leases).
Exit: 0 no drift is left (none found, or every row repaired); 1 drift remains; 2 the command line is wrong;
3 the check could not run (configuration refused, MySQL or the Redis lock masters unreachable).
`;

const COULD_NOT_CHECK = 3;
const where = (d: Drift) => `${d.kind} ${d.itemId}${d.date ? ` ${d.date}` : ''}`;

runCommand(NAME, USAGE, async () => {
  const { values } = parseCommandLine({
    name: NAME,
    usage: USAGE,
    args: { options: { repair: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } } },
  });
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CommandFailure(err.message, COULD_NOT_CHECK);
    throw err;
  }
  // Asked first on a connection of its own, so a missing database is one line, not a pool's failure.
  try {
    await checkDatabase(config.databaseUrl);
  } catch (err) {
    throw new CommandFailure(`MySQL at ${redactUrl(config.databaseUrl)}: ${describeError(err)}`, COULD_NOT_CHECK);
  }
  const deps = createDeps(config, { log: createLogger('silent') });
  try {
    if (values.repair) {
      try {
        await deps.waitForRedis();
      } catch (err) {
        throw new CommandFailure((err as Error).message, COULD_NOT_CHECK);
      }
    }
    let result: Awaited<ReturnType<typeof reconcile>>;
    try {
      result = await reconcile(deps.db, deps.underLeases, { repair: values.repair });
    } catch (err) {
      throw new CommandFailure(`could not ${values.repair ? 'repair' : 'check'} the stock in ${redactUrl(config.databaseUrl)}: ${describeError(err)}`, COULD_NOT_CHECK);
    }
    const { drift, repairs } = result;
    if (drift.length === 0) {
      process.stdout.write('no drift: every route, night and day matches its live orders\n');
      return 0;
    }
    for (const d of drift) process.stdout.write(`drift ${where(d)}: sold ${d.sold}, live orders hold ${d.live}, capacity ${d.capacity ?? 'unlimited'}\n`);
    if (!values.repair) {
      process.stdout.write(`${drift.length} drifted row(s); run with --repair to fix\n`);
      return 1;
    }
    for (const r of repairs) process.stdout.write(`${r.repaired ? 'repaired' : 'NOT repaired'} ${where(r.drift)}${r.reason ? `: ${r.reason}` : ''}\n`);
    // The verdict is a fresh look, not the repairs' own account.
    const left = await auditStock(deps.db);
    for (const d of left) process.stdout.write(`still drifted ${where(d)}: sold ${d.sold}, live orders hold ${d.live}\n`);
    process.stdout.write(`${drift.length} drifted row(s), ${repairs.filter((r) => r.repaired).length} repaired, ${left.length} left\n`);
    return left.length === 0 ? 0 : 1;
  } finally {
    await deps.close();
  }
});
