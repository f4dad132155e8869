import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { freePort, runNode } from '../../src/cluster/processes.js';
import { createDb, dropDatabase } from '../../src/db/database.js';
import { createAuthenticator } from '../../src/http/auth.js';
import { DEV_JWT_SECRET, testEnv } from '../support/harness.js';

const CLI = (name: string) => fileURLToPath(new URL(`../../src/cli/${name}.js`, import.meta.url));
const LAUNCHER = fileURLToPath(new URL('../../../scripts/run-cli.mjs', import.meta.url));
const COMMANDS = ['token', 'migrate', 'cluster', 'mockpay', 'reconcile'];
const mysqlServer = process.env['TEST_MYSQL_URL'] ?? 'mysql://root@127.0.0.1:3306';
const oneLine = (text: string) => text.trim().split('\n');

describe('the commands (npm run token, migrate, cluster, mockpay, reconcile) as processes', () => {
  it('--help prints the usage on stdout and exits 0; an unknown option prints the problem and the usage, exit 2', async () => {
    for (const name of COMMANDS) {
      const help = await runNode([CLI(name), '--help'], testEnv());
      expect([help.code, help.stderr], name).to.deep.equal([0, '']);
      expect(help.stdout, name).to.match(new RegExp(`^Usage: npm run ${name}`));
      expect(help.stdout, `${name} says what it reads`).to.match(/Reads /);
      expect(help.stdout, `${name} says what its exit codes mean`).to.match(/Exit: 0 /);
      const unknown = await runNode([CLI(name), '--frobnicate'], testEnv());
      expect([unknown.code, unknown.stdout], name).to.deep.equal([2, '']);
      expect(unknown.stderr, name).to.match(new RegExp(`^${name}: Unknown option '--frobnicate'`));
      expect(unknown.stderr, name).to.include(`Usage: npm run ${name}`);
    }
  });

  it('token prints a development token for a user, an admin, or a trusted client (holding limits exempt)', async () => {
    const auth = createAuthenticator(DEV_JWT_SECRET);
    const mint = async (...args: string[]) => {
      const out = await runNode([CLI('token'), ...args], testEnv());
      expect([out.code, out.stderr], args.join(' ')).to.deep.equal([0, '']);
      expect(oneLine(out.stdout)).to.have.length(1);
      return auth.verify(`Bearer ${out.stdout.trim()}`);
    };
    expect(await mint('--sub', 'bob')).to.deep.equal({ userId: 'bob', admin: false, exempt: false });
    expect(await mint('--sub', 'agency-1', '--trusted')).to.deep.equal({ userId: 'agency-1', admin: false, exempt: true });
    expect(await mint('--sub', 'root', '--admin')).to.deep.equal({ userId: 'root', admin: true, exempt: true });
    expect(await mint('--sub', 'both', '--admin', '--trusted')).to.deep.equal({ userId: 'both', admin: true, exempt: true });
    const badTtl = await runNode([CLI('token'), '--ttl', 'soon'], testEnv());
    expect([badTtl.code, badTtl.stdout]).to.deep.equal([2, '']);
    expect(badTtl.stderr).to.match(/^token: --ttl: must be a positive whole number of seconds/);
    const badSecret = await runNode([CLI('token')], testEnv({ JWT_SECRET: 'short' }));
    expect([badSecret.code, oneLine(badSecret.stderr)]).to.deep.equal([1, ['token: JWT_SECRET: must be at least 32 characters']]);
  });

  it('mockpay names the URL it could not reach, in one line, exit 1; a missing order number is a usage error', async () => {
    const port = await freePort();
    const out = await runNode([CLI('mockpay'), 'BD20270101000000ABCDEFGHJK', '--url', `http://127.0.0.1:${port}`], testEnv());
    expect([out.code, out.stdout]).to.deep.equal([1, '']);
    expect(oneLine(out.stderr)).to.have.length(1);
    expect(out.stderr).to.match(new RegExp(`^mockpay: could not reach http://127\\.0\\.0\\.1:${port}/api/v1/orders/BD20270101000000ABCDEFGHJK/pay \\(ECONNREFUSED`));
    const none = await runNode([CLI('mockpay')], testEnv());
    expect(none.code).to.equal(2);
    expect(none.stderr).to.match(/^mockpay: the order number is missing\n/);
  });

  it('migrate creates and migrates a new database, says so, and then finds it current; names an unreachable MySQL', async () => {
    const url = `${mysqlServer}/travel_orders_cli_${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
    try {
      const first = await runNode([CLI('migrate')], testEnv({ DATABASE_URL: url }));
      expect([first.code, first.stderr], first.stderr).to.deep.equal([0, '']);
      expect(first.stdout).to.match(/^database travel_orders_cli_\w+ at mysql:\/\/.*: created; applied 4 migration\(s\): 20261125000000_initial\.ts, .*; 0 pending\n$/);
      const again = await runNode([CLI('migrate')], testEnv({ DATABASE_URL: url }));
      expect(again.stdout).to.match(/: found; the schema was current; 0 pending\n$/);
    } finally {
      await dropDatabase(url);
    }
    const port = await freePort();
    const down = await runNode([CLI('migrate')], testEnv({ DATABASE_URL: `mysql://root:s3cret@127.0.0.1:${port}/nowhere` }));
    expect([down.code, down.stdout]).to.deep.equal([1, '']);
    expect(oneLine(down.stderr)).to.deep.equal([`migrate: MySQL not reachable at mysql://root:***@127.0.0.1:${port}/nowhere (ECONNREFUSED)`]);
  });

  it('reconcile on a database that does not exist says which, in one line without a stack trace, exit 3', async () => {
    const url = `${mysqlServer}/travel_orders_missing_${randomBytes(4).toString('hex')}`;
    const out = await runNode([CLI('reconcile')], testEnv({ DATABASE_URL: url }));
    expect([out.code, out.stdout]).to.deep.equal([3, '']);
    const lines = oneLine(out.stderr);
    expect(lines, out.stderr).to.have.length(1);
    expect(lines[0]).to.match(new RegExp(`^reconcile: MySQL at ${url.replace(/[/.]/g, '\\$&')}: .*Unknown database`));
    const db = createDb(`${mysqlServer}/mysql`, { poolMax: 1 });
    try {
      const [rows] = (await db.raw('SHOW DATABASES LIKE ?', [url.split('/').pop() as string])) as [unknown[]];
      expect(rows, 'reconcile creates nothing').to.deep.equal([]);
    } finally {
      await db.destroy();
    }
  });

  describe('the launcher (scripts/run-cli.mjs): the compiled command, built only when a source is newer', () => {
    let root: string;
    const hello = (said: string) => `process.stdout.write(${JSON.stringify(said)} + ' ' + process.argv.slice(2).join(' ') + '\\n');\n`;
    const past = new Date(Date.now() - 3_600_000);
    before(() => {
      // A project of its own: one command, its compiled output, and a build that says it ran.
      root = mkdtempSync(join(tmpdir(), 'run-cli-'));
      for (const dir of ['scripts', 'src/cli', 'src/lib', 'migrations', 'dist/src/cli', 'dist/src/lib']) mkdirSync(join(root, dir), { recursive: true });
      copyFileSync(LAUNCHER, join(root, 'scripts/run-cli.mjs'));
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fake', private: true, type: 'module', scripts: { build: 'node build.mjs' } }));
      writeFileSync(join(root, 'build.mjs'), `import { writeFileSync } from 'node:fs';\nif (process.env.BUILD_FAILS) { console.log('src/cli/hello.ts(1,1): error TS0000: broken'); process.exit(2); }\nwriteFileSync('dist/src/cli/hello.js', ${JSON.stringify(hello('rebuilt'))});\nwriteFileSync('dist/src/lib/util.js', '');\n`);
      for (const f of ['tsconfig.json', 'package-lock.json', 'src/cli/hello.ts', 'src/lib/util.ts']) writeFileSync(join(root, f), '{}');
      writeFileSync(join(root, 'dist/src/cli/hello.js'), hello('compiled'));
      writeFileSync(join(root, 'dist/src/lib/util.js'), '');
      for (const f of ['tsconfig.json', 'package-lock.json', 'src/cli/hello.ts', 'src/lib/util.ts']) utimesSync(join(root, f), past, past);
    });
    after(() => rmSync(root, { recursive: true, force: true }));
    const launch = (...args: string[]) => runNode([join(root, 'scripts/run-cli.mjs'), ...args], {});

    it('runs a current build at once, with its arguments, and builds nothing', async () => {
      const out = await launch('hello', '--sub', 'x');
      expect([out.code, out.stdout, out.stderr]).to.deep.equal([0, 'compiled --sub x\n', '']);
    });

    it('builds first when any source is newer than its output, keeping stdout for the command', async () => {
      utimesSync(join(root, 'src/lib/util.ts'), new Date(), new Date(Date.now() + 5000));
      const out = await launch('hello', 'a');
      expect([out.code, out.stdout]).to.deep.equal([0, 'rebuilt a\n']);
      expect(out.stderr).to.equal('hello: building first (src/lib/util.ts is newer than dist/src/lib/util.js)\n');
      utimesSync(join(root, 'src/lib/util.ts'), past, past);
      expect((await launch('hello')).stderr, 'built once, then current').to.equal('');
    });

    it('runs nothing when the build fails, and builds again next time', async () => {
      utimesSync(join(root, 'src/cli/hello.ts'), new Date(), new Date(Date.now() + 5000));
      const failed = await runNode([join(root, 'scripts/run-cli.mjs'), 'hello'], { BUILD_FAILS: '1' });
      expect([failed.code, failed.stdout]).to.deep.equal([1, '']);
      expect(failed.stderr).to.include('error TS0000: broken').and.include('hello: the build failed (above); nothing was run');
      expect(existsSync(join(root, 'dist/src/cli/hello.js')), 'the unchecked output is gone').to.equal(false);
      const next = await launch('hello');
      expect([next.code, next.stdout]).to.deep.equal([0, 'rebuilt \n']);
      expect(next.stderr).to.include('dist/src/cli/hello.js is missing');
    });

    it('refuses an unknown command with the list of commands, exit 2', async () => {
      const out = await launch('nope');
      expect([out.code, out.stderr]).to.deep.equal([2, "run-cli: unknown command 'nope'; one of hello\n"]);
    });
  });
});
