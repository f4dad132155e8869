import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every series the service exports; one instance per process, passed in through deps. */
/** Readings taken at scrape time; deps points them at the pool and the Redis clients. */
export type Probes = {
  dbPool: () => { used: number; free: number; pending: number };
  redisMasters: () => Promise<Array<{ master: string; up: boolean }>>;
  /** This replica's readiness verdict (what `/readyz` answers), for `replica_ready`. */
  ready: () => Promise<boolean>;
};

/** Label values known in advance (each is also written where it is counted). */
export const LEASE_REFUSALS = ['busy', 'unavailable'] as const;
export const REFUSAL_REASONS = ['rate_limited_user', 'rate_limited_address', 'hold_limit_units', 'hold_limit_orders'] as const;
export const REFUND_REASONS = ['cancelled', 'refund_required'] as const;

export function createMetrics() {
  const registry = new Registry();
  const probes: Probes = { dbPool: () => ({ used: 0, free: 0, pending: 0 }), redisMasters: async () => [], ready: async () => false };
  collectDefaultMetrics({ register: registry });
  const m = {
    registry,
    probes,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration, labelled with the router pattern',
      labelNames: ['method', 'route', 'status_code'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    leaseAcquireDuration: new Histogram({
      name: 'lease_acquire_duration_seconds',
      help: 'Time from asking for an item lease to holding it (or giving up), including the local queue',
      labelNames: ['outcome'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    leaseFailures: new Counter({
      name: 'lease_acquire_failures_total',
      help: 'Lease requests refused, by reason (busy, unavailable)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    leasesAcquired: new Counter({
      name: 'leases_acquired_total',
      help: 'Leases taken from the Redis masters (one may serve several queued requests)',
      registers: [registry],
    }),
    bookingBatchSize: new Histogram({
      name: 'booking_batch_size',
      help: 'Bookings placed in one transaction (of one or several items, each under its own lease)',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    bookingBatchItems: new Histogram({
      name: 'booking_batch_items',
      help: 'Items (each under its own lease) whose bookings shared one transaction',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers: [registry],
    }),
    bookingBatchConflicts: new Counter({
      name: 'booking_batch_conflicts_total',
      help: 'Batches that could not commit as one and were placed one order at a time',
      registers: [registry],
    }),
    leaseReleaseFailures: new Counter({
      name: 'lease_release_failures_total',
      help: 'Lease releases that did not reach a quorum (the TTL expires them)',
      registers: [registry],
    }),
    leasesLost: new Counter({
      name: 'leases_lost_before_commit_total',
      help: 'Transactions rolled back because their lease ran out before COMMIT',
      registers: [registry],
    }),
    ordersCreated: new Counter({
      name: 'orders_created_total',
      help: 'Orders accepted, by item kind',
      labelNames: ['kind'] as const,
      registers: [registry],
    }),
    ordersRejected: new Counter({
      name: 'orders_rejected_total',
      help: 'Bookings refused, by item kind and error code',
      labelNames: ['kind', 'reason'] as const,
      registers: [registry],
    }),
    paymentCallbacks: new Counter({
      name: 'payment_callbacks_total',
      help: 'Payment callbacks, by result',
      labelNames: ['result'] as const,
      registers: [registry],
    }),
    paymentMarkersSkipped: new Counter({
      name: 'payment_markers_skipped_total',
      help: 'Payment callbacks processed without their Redis marker (its Redis did not answer); the unique constraint deduplicated them',
      registers: [registry],
    }),
    refunds: new Counter({
      name: 'refunds_total',
      help: 'Refunds made, by reason (cancelled lines of a paid order, or a refund_required payment)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    requestsRefused: new Counter({
      name: 'requests_refused_total',
      help: 'Writes refused to protect the stock, by reason (rate_limited_user, rate_limited_address, hold_limit_units, hold_limit_orders)',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    rateLimitFailOpen: new Counter({
      name: 'rate_limit_fail_open_total',
      help: 'Writes let through without a rate limit because its Redis did not answer (the limiter fails open)',
      registers: [registry],
    }),
    rateLimiterUp: new Gauge({
      name: 'rate_limiter_up',
      help: '1 while the rate-limit store answered the last write, 0 while the limiter is open',
      registers: [registry],
    }),
    ordersExpired: new Counter({
      name: 'orders_expired_total',
      help: 'Pending orders expired by this replica\'s sweep',
      registers: [registry],
    }),
    ordersCancelled: new Counter({
      name: 'orders_cancelled_total',
      help: 'Orders cancelled by their owners',
      registers: [registry],
    }),
    redisUp: new Gauge({
      name: 'redis_master_up',
      help: '1 when a lock master answered PING at scrape time (connection ready, answer within the readiness deadline)',
      labelNames: ['master'] as const,
      registers: [registry],
      async collect() {
        const masters = await probes.redisMasters();
        this.reset();
        for (const { master, up } of masters) this.set({ master }, up ? 1 : 0);
      },
    }),
    dbPoolUsed: new Gauge({
      name: 'db_pool_connections_in_use',
      help: 'MySQL connections in use',
      registers: [registry],
      collect() {
        this.set(probes.dbPool().used);
      },
    }),
    dbPoolOpen: new Gauge({
      name: 'db_pool_connections_open',
      help: 'MySQL connections open in the pool, in use or idle',
      registers: [registry],
      collect() {
        const { used, free } = probes.dbPool();
        this.set(used + free);
      },
    }),
    dbPoolPending: new Gauge({
      name: 'db_pool_acquires_pending',
      help: 'Requests waiting for a MySQL connection',
      registers: [registry],
      collect() {
        this.set(probes.dbPool().pending);
      },
    }),
    replicaReady: new Gauge({
      name: 'replica_ready',
      help: '1 when this replica would answer /readyz with 200 at scrape time (not draining, MySQL and a lock quorum answer), else 0',
      registers: [registry],
      async collect() {
        this.set((await probes.ready()) ? 1 : 0);
      },
    }),
    leaseWaitLimit: new Gauge({
      name: 'lease_wait_limit_seconds',
      help: 'LOCK_WAIT_MS in seconds: how long a booking waits for an item lease before 503 LOCK_BUSY',
      registers: [registry],
    }),
    refundsWaiting: new Gauge({
      name: 'refunds_waiting',
      help: 'Refunds not settled, by status: pending (asked of the provider, no answer yet) or failed (waiting for an admin retry); database-wide, refreshed by the backlog watch',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    refundOldestPendingAge: new Gauge({
      name: 'refunds_oldest_pending_age_seconds',
      help: 'Age of the oldest pending refund (0 when none); database-wide, refreshed by the backlog watch',
      registers: [registry],
    }),
    refundRequiredWaiting: new Gauge({
      name: 'payments_refund_required_waiting',
      help: 'refund_required payments (money for an order that had closed) with no refund pending or made; database-wide, refreshed by the backlog watch',
      registers: [registry],
    }),
    stockDriftRows: new Gauge({
      name: 'stock_drift_rows',
      help: 'Stock rows (route, night, day) whose sold count differs from their live orders or lies outside [0, capacity], as the last stock audit found them',
      registers: [registry],
    }),
    stockAuditTimestamp: new Gauge({
      name: 'stock_audit_last_run_timestamp_seconds',
      help: 'When the last stock audit of this replica finished (Unix time; 0 before the first)',
      registers: [registry],
    }),
    backlogWatchTimestamp: new Gauge({
      name: 'backlog_watch_last_run_timestamp_seconds',
      help: 'When the backlog watch last read the refund and payment backlog (Unix time; 0 before the first)',
      registers: [registry],
    }),
  };
  // Series exist from the first scrape, at 0, for every label value known in advance: an alert or a panel on
  // rate(x[5m]) then sees the first failure instead of a series that only starts with it.
  for (const reason of LEASE_REFUSALS) {
    m.leaseFailures.inc({ reason }, 0);
    m.leaseAcquireDuration.zero({ outcome: reason });
  }
  m.leaseAcquireDuration.zero({ outcome: 'acquired' });
  for (const reason of REFUSAL_REASONS) m.requestsRefused.inc({ reason }, 0);
  for (const reason of REFUND_REASONS) m.refunds.inc({ reason }, 0);
  for (const status of ['pending', 'failed']) m.refundsWaiting.set({ status }, 0);
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
