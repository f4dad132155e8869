import { createServer, type Server } from 'node:http';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createDb } from '../../src/db/database.js';
import { createDeps, createLogger, type Deps, type DepsOverrides } from '../../src/deps.js';
import { createAuthenticator } from '../../src/http/auth.js';
import { auditStock, countOversoldRows } from '../../src/inventory/stock-audit.js';
import { checkResponse } from './conformance.js';

export const DEV_JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';
export const DEV_WEBHOOK_SECRET = 'dev-only-webhook-secret-change-me-0123456789';

export function testDatabaseUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) throw new Error('TEST_DATABASE_URL is set by the global setup');
  return url;
}

/** Environment for a test replica: this run's database and a Redis key namespace of its own. */
export function testEnv(extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'test',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_KEY_PREFIX: `test:${process.env['TEST_RUN_ID'] ?? 'x'}:`,
    LOG_LEVEL: 'silent',
    SEED_DEMO: '0',
    FAULT_INJECTION: '1',
    SHUTDOWN_DELAY_MS: '0',
    // Holding and rate limits have tests of their own; the rest book freely.
    MAX_PENDING_UNITS_PER_ITEM: '1000000',
    MAX_PENDING_ORDERS_PER_USER: '1000000',
    RATE_LIMIT_USER_PER_MINUTE: '0',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '0',
    ...extra,
  };
}

export function testConfig(extra: Record<string, string> = {}): Config {
  return loadConfig(testEnv(extra));
}

let sharedDb: Knex | undefined;
/** A plain connection to this run's database, for assertions. */
export function testDb(): Knex {
  sharedDb ??= createDb(testDatabaseUrl(), { poolMax: 5 });
  return sharedDb;
}

export type TestApp = { url: string; deps: Deps; server: Server; close(): Promise<void> };

/** Closes the assertion connection, so the run ends as soon as its last test does. */
export async function closeTestDb(): Promise<void> {
  await sharedDb?.destroy();
  sharedDb = undefined;
}

/** The real app (real MySQL, real Redis) on an ephemeral loopback port, in this process. */
export async function startApp(env: Record<string, string> = {}, overrides: DepsOverrides = {}): Promise<TestApp> {
  const config = testConfig(env);
  const deps = createDeps(config, { log: createLogger('silent'), ...overrides });
  await deps.waitForRedis();
  const handle = createApp(deps).callback();
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    deps,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.close();
    },
  };
}

const auth = createAuthenticator(DEV_JWT_SECRET);
let userCounter = 0;
/** A fresh user id per call, so tests never share orders or idempotency keys. */
export function newUser(label = 'user'): string {
  userCounter += 1;
  return `${label}-${process.env['TEST_RUN_ID'] ?? 'x'}-${userCounter}-${Math.random().toString(36).slice(2, 8)}`;
}
export const tokenFor = (sub: string, admin = false) => auth.issue(sub, { admin });

export type Res = { status: number; body: any; headers: Headers; text: string };

/** A small HTTP client: JSON in, JSON out, every response's status and headers kept, and checked against the API document. */
export async function call(base: string, method: string, path: string, opts: { token?: string; body?: unknown; raw?: string | Buffer; headers?: Record<string, string> } = {}): Promise<Res> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.token) headers['Authorization'] = `Bearer ${opts.token}`;
  let body: string | Buffer | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  // Every answer a test receives is held to the API document; a mismatch fails the test that received it.
  await checkResponse(base, method, path, { status: res.status, headers: res.headers, text });
  return { status: res.status, body: parsed, headers: res.headers, text };
}

/**
 * Waits until every replica's /readyz counts all `masters` lock masters as up. Readiness itself needs only a quorum,
 * so a replica can be ready while its connection to a restarted master is still in reconnect backoff.
 */
export async function everyMasterConnected(urls: readonly string[], masters: number, { tries = 100, everyMs = 100 } = {}): Promise<{ connected: boolean; requests: number }> {
  let requests = 0;
  for (let i = 0; i < tries; i += 1) {
    const reports = await Promise.all(urls.map((u) => call(u, 'GET', '/readyz')));
    requests += reports.length;
    if (reports.every((r) => String(r.body?.checks?.redisLockMasters ?? '').startsWith(`${masters}/${masters} up`))) return { connected: true, requests };
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return { connected: false, requests };
}

export function futureDate(daysAhead: number): string {
  return new Date(Date.now() + daysAhead * 86_400_000).toISOString().slice(0, 10);
}

/** The suite's app: the real app started before the suite's first test and closed after its last. */
export type SuiteApp = Pick<TestApp, 'url' | 'deps' | 'server'> & { readonly cat: Catalogue };

export function useApp(env: Record<string, string> = {}, overrides: DepsOverrides = {}): SuiteApp {
  let app: TestApp | undefined;
  let cat: Catalogue | undefined;
  before(async () => {
    app = await startApp(env, overrides);
    cat = catalogue(app.url);
  });
  after(async () => app?.close());
  const started = (): TestApp => {
    if (!app) throw new Error('useApp: the suite has not started');
    return app;
  };
  return {
    get url() { return started().url; },
    get deps() { return started().deps; },
    get server() { return started().server; },
    get cat() { started(); return cat as Catalogue; },
  };
}

export type Catalogue = ReturnType<typeof catalogue>;

/** Catalogue builders, through the admin API. */
export function catalogue(base: string) {
  const adminToken = tokenFor(newUser('admin'), true);
  const post = async (path: string, body: unknown) => {
    const res = await call(base, 'POST', path, { token: await adminToken, body });
    if (res.status !== 201) throw new Error(`${path}: ${res.status} ${res.text}`);
    return res.body;
  };
  return {
    adminToken,
    aRoute: ({ groupSize = 10, priceCents = 100_00, name = 'Test route', departureDate = undefined as string | undefined } = {}) =>
      post('/api/v1/admin/routes', { name, priceCents, groupSize, ...(departureDate ? { departureDate } : {}) }),
    aHotel: async ({ totalRooms = 3, priceCents = 500_00 } = {}) => {
      const hotel = await post('/api/v1/admin/hotels', { name: 'Test hotel' });
      const roomType = await post(`/api/v1/admin/hotels/${hotel.id}/room-types`, { name: 'Double', priceCents, totalRooms });
      return { hotel, roomType };
    },
    aScenicSpot: ({ dailyQuota = 10 as number | null, ticketPriceCents = 60_00 } = {}) =>
      post('/api/v1/admin/scenic-spots', { name: 'Test spot', ticketPriceCents, dailyQuota }),
  };
}

export const contact = { contactName: 'Test Traveller', contactPhone: '+86 138 0000 0000' };

/**
 * The invariant every concurrency test ends with: for every route, night and day, sold equals the sum over
 * live orders (pending and paid), and nothing is negative or over capacity.
 */
export async function expectStockMatchesOrders(db: Knex = testDb()): Promise<void> {
  const drift = await auditStock(db);
  expect(drift, `stock drift: ${JSON.stringify(drift.slice(0, 5))}`).to.deep.equal([]);
  expect(await countOversoldRows(db), 'rows outside [0, capacity]').to.equal(0);
}

export const range = (n: number) => Array.from({ length: n }, (_, i) => i);
