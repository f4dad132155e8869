import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { createDb, dropDatabase } from '../../src/db/database.js';
import { MAIN, freePort, runNode, spawnReplica } from '../../src/cluster/processes.js';
import { testEnv } from '../support/harness.js';

const mysqlServer = process.env['TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306';

/** The one line a failed start leaves on stderr: a pino JSON line at fatal, whatever LOG_LEVEL says. */
function fatalLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).to.have.length(1);
  const line = JSON.parse(lines[0] as string) as { level: number; msg: string; svc: string };
  expect([line.level, line.svc]).to.deep.equal([60, 'travel-orders']);
  return line.msg;
}

describe('starting the service as a process', () => {
  it('stops on a bad setting with one line naming the variable (exit 2, no stack trace)', async () => {
    const { code, stderr } = await runNode([MAIN], { ...testEnv(), LOCK_TTL_MS: 'soon' });
    expect(code).to.equal(2);
    expect(fatalLine(stderr)).to.equal('configuration error: LOCK_TTL_MS: must be a whole number');
    const other = await runNode([MAIN], { ...testEnv(), NODE_ENV: 'staging' });
    expect(fatalLine(other.stderr), 'our sentence, not the validator\'s').to.equal('configuration error: NODE_ENV: must be one of development, test, production');
  });

  it('names an unreachable MySQL with its password hidden', async () => {
    const port = await freePort();
    const { code, stderr } = await runNode([MAIN], { ...testEnv(), DATABASE_URL: `mysql://root:s3cret@127.0.0.1:${port}/nowhere` });
    expect(code).to.equal(1);
    expect(fatalLine(stderr)).to.include(`MySQL not reachable at mysql://root:***@127.0.0.1:${port}/nowhere`);
    expect(stderr).to.not.include('s3cret');
  });

  it('names an unreachable Redis', async () => {
    const port = await freePort();
    const { code, stderr } = await runNode([MAIN], { ...testEnv(), REDIS_URLS: `redis://:pw@127.0.0.1:${port}`, IDEMPOTENCY_REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(code).to.equal(1);
    expect(fatalLine(stderr)).to.include(`Redis lock masters not reachable: redis://:***@127.0.0.1:${port}`);
  });

  it('says in JSON lines what it connected to and did (database created and migrated, demo, URL, token); page and polling reads at debug', async () => {
    const url = `${mysqlServer}/travel_orders_boot_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    try {
      const r = await spawnReplica({ ...testEnv(), DATABASE_URL: url, SEED_DEMO: '1', LOG_LEVEL: 'debug' });
      for (const path of ['/', '/booking-page.js', '/api/v1/routes/1', '/api/v1/room-types/1/availability?checkIn=2027-05-01&checkOut=2027-05-02']) {
        expect((await fetch(`${r.url}${path}`)).status, path).to.equal(200);
      }
      expect((await fetch(`${r.url}/api/v1/orders`, { method: 'POST', headers: { 'X-Request-Id': 'boot-write' } })).status).to.equal(401);
      expect((await fetch(`${r.url}/api/v1/routes/999999`, { headers: { 'X-Request-Id': 'boot-missing' } })).status).to.equal(404);
      expect(await r.stop('SIGTERM')).to.equal(0);
      const text = r.output();
      const lines = text.split('\n').filter((l) => l.trim() !== '');
      const plain = lines.filter((l) => !l.startsWith('{'));
      expect(plain, 'no plain lines: everything is JSON').to.deep.equal([]);
      const logs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
      const said = (msg: string | RegExp) => logs.find((l) => (typeof msg === 'string' ? l['msg'] === msg : msg.test(String(l['msg']))));
      expect(said('database created'), text).to.deep.include({ level: 30, database: url, created: true });
      expect(said(/^database migrated: 4 migration\(s\) applied$/)?.['applied']).to.have.length(4);
      expect(said(/^demo catalogue loaded/), text).to.deep.include({ demo: 'loaded' });
      expect(said('Redis lock masters reached (1)')).to.not.equal(undefined);
      expect(said(`listening on ${r.url}`), text).to.deep.include({ url: r.url, api: `${r.url}/api/v1`, document: `${r.url}/openapi.json`, page: `${r.url}/` });
      expect(String(said(/^development token: /)?.['msg'])).to.include('npm run -s token -- --sub alice');
      const access = logs.filter((l) => l['msg'] === 'request');
      const levelOf = (route: string, status: number) => access.find((l) => l['route'] === route && l['status'] === status)?.['level'];
      expect(levelOf('/', 200), 'the page at debug').to.equal(20);
      expect(levelOf('/booking-page.js', 200), 'its files at debug').to.equal(20);
      expect(levelOf('/api/v1/routes/:id', 200), 'what the page polls at debug').to.equal(20);
      expect(levelOf('/api/v1/room-types/:id/availability', 200)).to.equal(20);
      expect(access.find((l) => l['reqId'] === 'boot-write')?.['level'], 'a write at info').to.equal(30);
      expect(access.find((l) => l['reqId'] === 'boot-missing')?.['level'], 'a refused read at info').to.equal(30);
      expect(said('stopped')).to.deep.include({ drained: true });
    } finally {
      await dropDatabase(url);
    }
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
