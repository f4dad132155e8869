import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, track, waitExit } from '../../src/cluster/processes.js';

const run = promisify(execFile);
const binary = (name: string) => [`/usr/sbin/${name}`, `/usr/bin/${name}`].find((p) => existsSync(p)) ?? name;

/** A MariaDB server of a test's own: its own data directory under a temp dir, a free loopback port, stopped by PID. */
export type MariadbServer = {
  readonly port: number;
  /** `mysql://root@127.0.0.1:<port>`: append `/<database>`. */
  readonly url: string;
  readonly pid: number;
  /** SIGKILL, as a crash would: no shutdown, no flush beyond what InnoDB made durable at each COMMIT. */
  crash(): Promise<void>;
  /** Starts it again on the same port and data directory, resolving once it answers (after crash recovery). */
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  destroy(): Promise<void>;
  errorLog(): string;
};

/**
 * Initialises a data directory (`mariadb-install-db`, root without a password) and starts `mariadbd` on it. Never the
 * shared server: everything lives under a fresh temp dir, on a port nobody else uses.
 */
export async function startMariadb(): Promise<MariadbServer> {
  const dir = await mkdtemp(join(tmpdir(), 'travel-orders-mariadb-'));
  const datadir = join(dir, 'data');
  const user = userInfo().username;
  await run(binary('mariadb-install-db'), [
    '--no-defaults', `--datadir=${datadir}`, `--user=${user}`, '--auth-root-authentication-method=normal', '--skip-test-db', '--skip-name-resolve',
  ], { timeout: 120_000 });
  const port = await freePort();
  let child: ChildProcess | undefined;
  const errorLog = join(dir, 'error.log');
  const args = [
    '--no-defaults', `--datadir=${datadir}`, `--port=${port}`, '--bind-address=127.0.0.1', `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`, `--log-error=${errorLog}`, `--user=${user}`, '--skip-name-resolve',
    // Small and quiet; every COMMIT still reaches the log on disk before it is answered (the default, said aloud).
    '--innodb-buffer-pool-size=32M', '--performance-schema=OFF', '--innodb-flush-log-at-trx-commit=1', '--max-connections=200',
  ];
  const url = `mysql://root@127.0.0.1:${port}`;
  const answers = async (): Promise<boolean> => {
    try {
      const conn = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 1000 });
      try {
        await conn.query('SELECT 1');
        return true;
      } finally {
        conn.destroy();
      }
    } catch {
      return false;
    }
  };
  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return;
    const c = spawn(binary('mariadbd'), args, { stdio: 'ignore' });
    child = c;
    track(c);
    for (let i = 0; i < 600; i += 1) {
      if (c.exitCode !== null || c.signalCode !== null) throw new Error(`mariadbd on ${port} exited at start: ${tail(errorLog)}`);
      if (await answers()) return;
      await sleep(100);
    }
    throw new Error(`mariadbd on ${port} did not answer within 60 s: ${tail(errorLog)}`);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    c.kill('SIGKILL');
    await waitExit(c, 5000);
  };
  await start();
  return {
    port,
    url,
    get pid() {
      return child?.pid ?? -1;
    },
    crash: kill,
    start,
    async destroy() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
    errorLog: () => tail(errorLog),
  };
}

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no error log)';
  }
}
