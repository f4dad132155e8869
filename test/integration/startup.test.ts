import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { createDb, dropDatabase } from '../../src/db/database.js';
import { MAIN, freePort, runNode, spawnReplica } from '../../src/cluster/processes.js';
import { testEnv } from '../support/harness.js';

const mysqlServer = process.env['TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306';

describe('starting the service as a process', () => {
  it('stops on a bad setting with one line naming the variable (exit 2, no stack trace)', async () => {
    const { code, stderr } = await runNode([MAIN], { ...testEnv(), LOCK_TTL_MS: 'soon' });
    expect(code).to.equal(2);
    expect(stderr.trim().split('\n')).to.have.length(1);
    expect(stderr).to.match(/LOCK_TTL_MS: must be a whole number/);
  });

  it('names an unreachable MySQL with its password hidden', async () => {
    const port = await freePort();
    const { code, stderr } = await runNode([MAIN], { ...testEnv(), DATABASE_URL: `mysql://root:s3cret@127.0.0.1:${port}/nowhere` });
    expect(code).to.equal(1);
    expect(stderr.trim().split('\n')).to.have.length(1);
    expect(stderr).to.include(`MySQL not reachable at mysql://root:***@127.0.0.1:${port}/nowhere`);
    expect(stderr).to.not.include('s3cret');
  });

  it('names an unreachable Redis', async () => {
    const port = await freePort();
    const { code, stderr } = await runNode([MAIN], { ...testEnv(), REDIS_URLS: `redis://:pw@127.0.0.1:${port}`, IDEMPOTENCY_REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(code).to.equal(1);
    expect(stderr.trim().split('\n')).to.have.length(1);
    expect(stderr).to.include(`Redis lock masters not reachable: redis://:***@127.0.0.1:${port}`);
  });

  it('brings up three processes started at once on an empty database, which is created and migrated once', async () => {
    const url = `${mysqlServer}/travel_orders_boot_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    try {
      const replicas = await Promise.all([0, 1, 2].map(() => spawnReplica({ ...testEnv(), DATABASE_URL: url, SEED_DEMO: '1' })));
      for (const r of replicas) expect((await fetch(`${r.url}/readyz`)).status).to.equal(200);
      const db = createDb(url, { poolMax: 1 });
      try {
        const migrations = await db('knex_migrations').select('name');
        expect(migrations.map((m) => m.name)).to.deep.equal(['20261125000000_initial.ts', '20261201000000_idempotency_records.ts', '20261202000000_packages_and_refunds.ts', '20261203000000_user_holds.ts']);
        // The demo catalogue is loaded once, however many replicas start.
        expect(Number((await db('routes').count({ n: '*' }))[0]?.['n'])).to.equal(1);
        expect(Number((await db('scenic_spots').count({ n: '*' }))[0]?.['n'])).to.equal(2);
      } finally {
        await db.destroy();
      }
      const codes = await Promise.all(replicas.map((r) => r.stop('SIGTERM')));
      expect(codes).to.deep.equal([0, 0, 0]);
    } finally {
      await dropDatabase(url);
    }
  });
});
