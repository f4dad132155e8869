import knexFactory, { type Knex } from 'knex';
import mysql, { type ResultSetHeader } from 'mysql2/promise';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { migrationSource } from './migration-source.js';
import { setTimeout as sleep } from 'node:timers/promises';

export type Db = Knex;

type ConnectionSettings = {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
};

export function connectionSettings(databaseUrl: string): ConnectionSettings {
  const u = new URL(databaseUrl);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database)) {
    throw new Error('DATABASE_URL: the database name must be 1-64 letters, digits or underscores');
  }
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username) || 'root',
    password: decodeURIComponent(u.password),
    database,
  };
}

const driverOptions = {
  // DATE columns stay 'YYYY-MM-DD' strings: a calendar night is not an instant.
  dateStrings: ['DATE'] as Array<'DATE'>,
  timezone: 'Z',
  supportBigNumbers: true,
  decimalNumbers: true,
  charset: 'utf8mb4',
  // A batch sends its INSERTs and guarded UPDATEs in one round trip. Every value goes through placeholders: no
  // statement text is ever built from input.
  multipleStatements: true,
};

export type DbOptions = {
  poolMax: number;
  /** Server-side bounds so that no statement can outlive the lease it runs under. */
  lockWaitTimeoutSeconds?: number;
  statementTimeoutSeconds?: number;
  /**
   * A transaction idle longer than this is rolled back and its connection closed by the server, releasing its row
   * locks: a process frozen (or cut off) inside a transaction cannot keep an item unsellable past its lease.
   */
  idleTransactionTimeoutSeconds?: number;
  /** Where knex's own warnings (such as a connection the server closed) go; its default is the console. */
  log?: Pick<Logger, 'warn' | 'error' | 'debug'>;
};

type RawConnection = { query: (sql: string, cb: (err: Error | null) => void) => void };
const run = (conn: RawConnection, sql: string) => new Promise<void>((resolve, reject) => conn.query(sql, (err) => (err ? reject(err) : resolve())));

/**
 * The statements every session runs when it opens: `required` must succeed; `optional` are MariaDB-only and
 * their absence (MySQL) is tolerated.
 */
export function sessionStatements(options: Omit<DbOptions, 'poolMax' | 'log'>): { required: string[]; optional: string[] } {
  const { lockWaitTimeoutSeconds, statementTimeoutSeconds, idleTransactionTimeoutSeconds } = options;
  const settings = ["time_zone = '+00:00'"];
  if (lockWaitTimeoutSeconds !== undefined) settings.push(`innodb_lock_wait_timeout = ${lockWaitTimeoutSeconds}`);
  const optional: string[] = [];
  if (statementTimeoutSeconds !== undefined) optional.push(`SET SESSION max_statement_time = ${statementTimeoutSeconds}`);
  if (idleTransactionTimeoutSeconds !== undefined) optional.push(`SET SESSION idle_transaction_timeout = ${idleTransactionTimeoutSeconds}`);
  return {
    required: [
      `SET SESSION ${settings.join(', ')}`,
      // No gap locks: a range UPDATE of one room type's nights must not lock the next room type's rows.
      'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED',
    ],
    optional,
  };
}

function knexLog(log: Pick<Logger, 'warn' | 'error' | 'debug'>) {
  const text = (m: unknown) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m));
  return {
    warn: (m: unknown) => log.warn({ knex: text(m) }, 'knex warning'),
    error: (m: unknown) => log.error({ knex: text(m) }, 'knex error'),
    deprecate: (method: string, alternative: string) => log.debug({ knex: `${method} is deprecated; use ${alternative}` }, 'knex deprecation'),
    debug: (m: unknown) => log.debug({ knex: text(m) }, 'knex debug'),
  };
}

export function createDb(databaseUrl: string, options: DbOptions): Db {
  const { required, optional } = sessionStatements(options);
  return knexFactory({
    client: 'mysql2',
    connection: { ...connectionSettings(databaseUrl), ...driverOptions },
    pool: {
      min: 0,
      max: options.poolMax,
      afterCreate: (conn: RawConnection, done: (err: Error | null, conn: unknown) => void) => {
        (async () => {
          for (const sql of required) await run(conn, sql);
          for (const sql of optional) await run(conn, sql).catch(() => undefined);
        })().then(
          () => done(null, conn),
          (err: Error) => done(err, conn),
        );
      },
    },
    ...(options.log ? { log: knexLog(options.log) } : {}),
    acquireConnectionTimeout: 5000,
    migrations: { migrationSource, tableName: 'knex_migrations' },
  });
}

/** Session bounds derived from the lease: nothing a replica does in MySQL can outlive the lease it works under. */
export function serviceDbOptions(config: Pick<Config, 'dbPoolMax' | 'lockTtlMs'>): DbOptions {
  return {
    poolMax: config.dbPoolMax,
    lockWaitTimeoutSeconds: Math.max(1, Math.floor(config.lockTtlMs / 4000)),
    statementTimeoutSeconds: Math.max(0.5, config.lockTtlMs / 4000),
    // Past the lease a transaction cannot commit anyway (the lease is checked before COMMIT).
    idleTransactionTimeoutSeconds: Math.ceil(config.lockTtlMs / 1000) + 2,
  };
}

export function createServiceDb(config: Config, log?: DbOptions['log']): Db {
  return createDb(config.databaseUrl, { ...serviceDbOptions(config), ...(log ? { log } : {}) });
}

/** CREATE DATABASE IF NOT EXISTS, through a connection that names no database; says whether it made it. */
export async function ensureDatabase(databaseUrl: string): Promise<{ database: string; created: boolean }> {
  const { database, ...server } = connectionSettings(databaseUrl);
  const conn = await mysql.createConnection({ ...server, connectTimeout: 5000 });
  try {
    const [result] = await conn.query<ResultSetHeader>(`CREATE DATABASE IF NOT EXISTS \`${database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    // One row affected when it was made; none (and a warning) when it was there already.
    return { database, created: result.affectedRows > 0 };
  } finally {
    await conn.end();
  }
}

/** Connects to the database itself and runs `SELECT 1`: a missing database or server fails here, in one line, not in a pool. */
export async function checkDatabase(databaseUrl: string): Promise<void> {
  const conn = await mysql.createConnection({ ...connectionSettings(databaseUrl), connectTimeout: 5000 });
  try {
    await conn.query('SELECT 1');
  } finally {
    await conn.end();
  }
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const { database, ...server } = connectionSettings(databaseUrl);
  const conn = await mysql.createConnection({ ...server, connectTimeout: 5000 });
  try {
    await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await conn.end();
  }
}

/**
 * `SELECT 1` over one connection of its own, for readiness. It never waits behind the pool (a pool busy with bookings
 * is not a MySQL that fails to answer), and it is bounded: connecting and each query get `timeoutMs`, after which the
 * connection is destroyed and the next ping opens a new one. A hanging server therefore holds at most this one socket.
 */
export function createDbPing(databaseUrl: string, { timeoutMs = 1000 } = {}) {
  let conn: Promise<mysql.Connection> | undefined;
  let closed = false;
  const forget = (c: Promise<mysql.Connection>) => {
    if (conn === c) conn = undefined;
  };
  const connect = () => {
    const c = mysql.createConnection({ ...connectionSettings(databaseUrl), connectTimeout: timeoutMs });
    c.then(
      (open) => {
        // A connection the server closes between pings is simply opened again by the next one.
        open.on('error', () => forget(c));
        open.on('end', () => forget(c));
        if (closed) open.destroy();
      },
      () => forget(c),
    );
    return c;
  };
  return {
    async ping(): Promise<void> {
      if (closed) throw new Error('closed');
      const current = (conn ??= connect());
      const open = await current;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          open.query('SELECT 1'),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))),
        ]);
      } catch (err) {
        forget(current);
        open.destroy();
        throw err;
      } finally {
        clearTimeout(timer);
      }
    },
    close(): void {
      closed = true;
      void conn?.then((open) => open.destroy(), () => undefined);
      conn = undefined;
    },
  };
}

/**
 * Migrates to the latest schema. Several processes may start at once: knex's lock lets one migrate,
 * and the others wait here and go on once it is done.
 */
export async function migrateLatest(db: Db, { timeoutMs = 120_000 } = {}): Promise<{ applied: string[] }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      // knex answers [batch, names of the migrations it ran]; another process's run leaves this one nothing to do.
      const [, applied] = (await db.migrate.latest()) as [number, string[]];
      return { applied };
    } catch (err) {
      const e = err as { name?: string; message?: string; errno?: number };
      const lockedByAnother = e.name === 'MigrationLocked' || /already locked/i.test(e.message ?? '');
      // Two processes creating knex's own tables at once: one loses with "table exists" (1050) or a duplicate lock row (1062).
      const racedOnBookkeeping = e.errno === 1050 || e.errno === 1062;
      if ((!lockedByAnother && !racedOnBookkeeping) || Date.now() > deadline) throw err;
      await sleep(200 + Math.random() * 300);
    }
  }
}
