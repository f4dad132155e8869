import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createDeps, createLogger } from '../deps.js';
import { reconcile } from '../inventory/reconcile.js';

/**
 * npm run reconcile [-- --repair]
 * For every route, night and day: sold must equal the sum over live orders. Prints any drift and exits 1 if
 * there is any; repairs only with --repair, each row in a transaction under the item's lease.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { repair: { type: 'boolean', default: false } } });
  const config = loadConfig();
  const deps = createDeps(config, { log: createLogger('warn') });
  try {
    await deps.waitForRedis();
    const { drift, repairs } = await reconcile(deps.db, deps.underLeases, { repair: values.repair });
    if (drift.length === 0) {
      process.stdout.write('no drift: every route, night and day matches its live orders\n');
      return 0;
    }
    for (const d of drift) {
      process.stdout.write(`drift ${d.kind} ${d.itemId}${d.date ? ` ${d.date}` : ''}: sold ${d.sold}, live orders hold ${d.live}, capacity ${d.capacity ?? 'unlimited'}\n`);
    }
    for (const r of repairs) {
      process.stdout.write(`${r.repaired ? 'repaired' : 'NOT repaired'} ${r.drift.kind} ${r.drift.itemId}${r.drift.date ? ` ${r.drift.date}` : ''}${r.reason ? `: ${r.reason}` : ''}\n`);
    }
    process.stdout.write(`${drift.length} drifted row(s)${values.repair ? `, ${repairs.filter((r) => r.repaired).length} repaired` : '; run with --repair to fix'}\n`);
    return 1;
  } finally {
    await deps.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`reconcile: ${(err as Error).message}\n`);
    process.exit(2);
  },
);
