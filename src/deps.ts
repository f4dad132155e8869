import { Redis, type RedisOptions } from 'ioredis';
import pino, { type Logger } from 'pino';
import { redactUrl, type Config } from './config.js';
import { createCatalogService } from './catalog/catalog-service.js';
import { createDbPing, createServiceDb, type Db } from './db/database.js';
import { createAuthenticator } from './http/auth.js';
import { createRateLimit } from './http/rate-limit.js';
import { createIdempotentRequests } from './idempotency/idempotent-requests.js';
import { createRecordSweep } from './idempotency/record-sweep.js';
import { ItemLocks } from './locks/item-locks.js';
import { createUnderLeases } from './locks/leased-transaction.js';
import { ReleaseNotices } from './locks/release-notices.js';
import { createBacklogWatch } from './ops/backlog-watch.js';
import { createFaults } from './ops/faults.js';
import { createMetrics } from './ops/metrics.js';
import { createReadiness } from './ops/readiness.js';
import type { Tracing } from './ops/tracing.js';
import { createExpirySweep } from './orders/expiry-sweep.js';
import type { OrderSnGenerator } from './orders/order-sn.js';
import { createOrderService } from './orders/order-service.js';
import { createCallbackMarkers } from './payments/callback-markers.js';
import { createPaymentService } from './payments/payment-service.js';
import { httpRefundProvider, manualRefundProvider, mockRefundProvider, type RefundNotice, type RefundProvider } from './refunds/refund-provider.js';
import { createRefundService } from './refunds/refund-service.js';

// Fail fast instead of queueing: with ioredis defaults a dead or frozen master made lease acquisition hang for minutes.
const lockRedisOptions: RedisOptions = {
  // Commands issued in one tick (the leases and releases of a whole batch) leave in one write per master.
  enableAutoPipelining: true,
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  commandTimeout: 300,
  connectTimeout: 1000,
  retryStrategy: (times) => Math.min(50 * times, 1000),
};
const dataRedisOptions: RedisOptions = { ...lockRedisOptions, maxRetriesPerRequest: 1, commandTimeout: 1000 };

/** The service's one log format: pino JSON lines (on stdout unless told), ISO times, secrets redacted. */
export function createLogger(level: string, destination?: pino.DestinationStream, tracing?: Pick<Tracing, 'logFields'>): Logger {
  const options = {
    level,
    // With tracing on, every line written inside a span names its trace and span.
    ...(tracing ? { mixin: () => tracing.logFields() } : {}),
    base: { svc: 'travel-orders', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['authorization', 'headers.authorization', '*.authorization', 'secret', '*.secret', '*.password'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type DepsOverrides = { log?: Logger; orderSn?: OrderSnGenerator; tracing?: Tracing };

/** Builds every long-lived part of one replica; `close()` takes them down in reverse. */
export function createDeps(config: Config, overrides: DepsOverrides = {}) {
  // Set only when OTEL_EXPORTER_OTLP_ENDPOINT is (main.ts loads it); otherwise nothing below is wrapped.
  const tracing = overrides.tracing;
  const log = overrides.log ?? createLogger(config.logLevel, undefined, tracing);
  const metrics = createMetrics();
  const faults = createFaults(config.faultInjection);
  const db: Db = createServiceDb(config, log);
  tracing?.instrumentDb(db);
  // Lock connections carry nothing but lease traffic.
  const lockMasters = config.redisUrls.map((url) => ({ name: redactUrl(url), client: new Redis(url, { ...lockRedisOptions, connectionName: 'travel-orders:lock' }) }));
  const lockClients = lockMasters.map((m) => m.client);
  const redis = new Redis(config.idempotencyRedisUrl, { ...dataRedisOptions, connectionName: 'travel-orders:data' });
  for (const [i, c] of [...lockClients, redis].entries()) {
    c.on('error', (err: Error) => log.debug({ err: err.message, redis: i }, 'redis connection error'));
    tracing?.instrumentRedis(c, c === redis ? 'data' : 'lock');
  }
  // A subscriber connection per master carries release notices to this replica's waiters.
  const noticeClients = config.lockHandoff === 'notify' ? config.redisUrls.map((url) => new Redis(url, { ...lockRedisOptions, connectionName: 'travel-orders:notices' })) : [];
  for (const c of noticeClients) c.on('error', (err: Error) => log.debug({ err: err.message }, 'redis notice connection error'));
  const notices = config.lockHandoff === 'notify' ? new ReleaseNotices(lockClients, noticeClients, config.redisKeyPrefix) : undefined;
  const itemLocks = new ItemLocks(
    lockClients,
    { ttlMs: config.lockTtlMs, waitMs: config.lockWaitMs, keyPrefix: config.redisKeyPrefix, ...(notices ? { notices } : {}) },
    metrics,
    log,
  );
  const withItemLock = itemLocks.withItemLock;
  const locks = tracing ? tracing.locks(itemLocks) : itemLocks;
  const underLeases = createUnderLeases(db, locks.withItemLocks);
  const auth = createAuthenticator(config.jwtSecret);
  // Longer than any request can run (its wait for a lease, then its transaction inside the lease), so only a replica
  // that died keeps a key "in use", and then for at most this long.
  const idempotencyClaimTtlMs = config.lockWaitMs + config.lockTtlMs + 3000;
  const idempotentRequests = createIdempotentRequests({ db, tryClaim: (key, ttl) => itemLocks.tryClaim(key, ttl), claimTtlMs: idempotencyClaimTtlMs, log });
  const catalogService = createCatalogService(db, underLeases);
  const orderService = createOrderService({ db, config, locks, underLeases, metrics, faults, log, ...(overrides.orderSn ? { orderSn: overrides.orderSn } : {}) });
  const markers = createCallbackMarkers(redis, { keyPrefix: config.redisKeyPrefix, ttlSeconds: config.paymentMarkerTtlSeconds }, metrics, log);
  const paymentService = createPaymentService({ db, markers, config, underLeases, metrics, faults, log });
  const rateLimit = createRateLimit(
    redis,
    { keyPrefix: config.redisKeyPrefix, perUser: config.rateLimitUserPerMinute, perAddress: config.rateLimitAddressPerMinute },
    metrics,
    log,
  );
  const refundProvider = (deliver: (n: RefundNotice) => Promise<unknown>): RefundProvider => {
    if (config.refundProvider === 'http') return httpRefundProvider(config.refundProviderUrl as string, config.paymentWebhookSecret);
    if (config.refundProvider === 'mock') return mockRefundProvider(deliver, log);
    return manualRefundProvider;
  };
  const refundService = createRefundService({ db, underLeases, orderService, markers, metrics, faults, log }, refundProvider);
  const expirySweep = createExpirySweep(db, orderService, metrics, log);
  const recordSweep = createRecordSweep(idempotentRequests, log);
  const backlogWatch = createBacklogWatch(db, metrics, log);
  const dbPing = createDbPing(config.databaseUrl);
  const readiness = createReadiness(() => dbPing.ping(), lockMasters);

  const pool = (db.client as { pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number } }).pool;
  metrics.probes.dbPool = () => ({ used: pool?.numUsed() ?? 0, free: pool?.numFree() ?? 0, pending: pool?.numPendingAcquires() ?? 0 });
  // A frozen master keeps a 'ready' connection: the gauge asks each master, as readiness does.
  metrics.probes.redisMasters = () => readiness.lockMasters();
  metrics.probes.ready = async () => (await readiness.check()).ready;
  metrics.leaseWaitLimit.set(config.lockWaitMs / 1000);

  return {
    config, log, metrics, faults, db, lockClients, redis, itemLocks, withItemLock, underLeases, auth, idempotentRequests, idempotencyClaimTtlMs, tracing,
    catalogService, orderService, paymentService, refundService, rateLimit, expirySweep, recordSweep, backlogWatch, readiness,

    /**
     * Resolves once a quorum of lock masters is connected; else names those that are not. The callback-marker Redis is
     * not required: without it, callbacks are deduplicated by the database alone.
     */
    async waitForRedis(timeoutMs = 5000): Promise<void> {
      const ready = (c: Redis) =>
        c.status === 'ready'
          ? Promise.resolve()
          : new Promise<void>((resolve, reject) => {
              const t = setTimeout(() => reject(new Error('not reachable')), timeoutMs);
              c.once('ready', () => {
                clearTimeout(t);
                resolve();
              });
            });
      const results = await Promise.allSettled(lockClients.map(ready));
      const down = config.redisUrls.filter((_, i) => results[i]?.status === 'rejected');
      if (results.length - down.length < Math.floor(lockClients.length / 2) + 1) {
        throw new Error(`Redis lock masters not reachable: ${down.map(redactUrl).join(', ')}`);
      }
      await ready(redis).catch(() => log.warn({ redis: redactUrl(config.idempotencyRedisUrl) }, 'payment-callback marker Redis not reachable; deduplicating on the database alone until it is'));
    },

    async close(): Promise<void> {
      // Bookings that answered may still be giving their leases back: let them, for a moment.
      await Promise.race([orderService.idle().then(() => itemLocks.idle()), new Promise((resolve) => setTimeout(resolve, 3000).unref())]);
      await expirySweep.stop();
      await recordSweep.stop();
      await backlogWatch.stop();
      dbPing.close();
      await db.destroy();
      await Promise.allSettled([...lockClients, ...noticeClients, redis].map((c) => c.quit().catch(() => c.disconnect())));
      await tracing?.shutdown().catch((err: unknown) => log.warn({ err }, 'traces not all sent'));
    },
  };
}

export type Deps = ReturnType<typeof createDeps>;
