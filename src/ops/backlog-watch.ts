import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { auditStock } from '../inventory/stock-audit.js';
import type { Metrics } from './metrics.js';

/** How often the refund and payment backlog is read, and how often the stock is audited. */
export const BACKLOG_INTERVAL_MS = 30_000;
export const STOCK_AUDIT_INTERVAL_MS = 300_000;

export type Backlog = { refundsPending: number; refundsFailed: number; oldestPendingAgeSeconds: number; refundRequiredWaiting: number };

/** What needs a person or a provider's answer: refunds not settled, and refund_required payments nobody refunds yet. */
export async function readBacklog(db: Knex, now = new Date()): Promise<Backlog> {
  const [[refunds]] = await db.raw(
    `SELECT COALESCE(SUM(status = 'pending'), 0) AS pending, COALESCE(SUM(status = 'failed'), 0) AS failed,
            MIN(CASE WHEN status = 'pending' THEN created_at END) AS oldest
       FROM refunds WHERE status IN ('pending', 'failed')`,
  );
  // The same rule as the admin list of refund_required payments: one whose refund is under way or done needs no one.
  const [[payments]] = await db.raw(
    `SELECT COUNT(*) AS n FROM payments p
      WHERE p.status = 'refund_required'
        AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.status IN ('pending', 'succeeded'))`,
  );
  const oldest = refunds.oldest ? new Date(refunds.oldest as string | Date) : undefined;
  return {
    refundsPending: Number(refunds.pending),
    refundsFailed: Number(refunds.failed),
    oldestPendingAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0,
    refundRequiredWaiting: Number(payments.n),
  };
}

/**
 * Keeps the database-wide gauges an alert needs: the refund and payment backlog every `BACKLOG_INTERVAL_MS`, and the
 * stock audit (what `npm run reconcile` checks, without repairing) every `STOCK_AUDIT_INTERVAL_MS`. Every replica
 * runs it and reports the same numbers; the alerts take the max over replicas. A failed read keeps the last values
 * and shows in the timestamps, which stop moving.
 */
export function createBacklogWatch(db: Knex, metrics: Metrics, log: Logger, { backlogEveryMs = BACKLOG_INTERVAL_MS, auditEveryMs = STOCK_AUDIT_INTERVAL_MS } = {}) {
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Set<Promise<unknown>>();
  let stopped = false;

  async function refreshBacklog(): Promise<Backlog> {
    const b = await readBacklog(db);
    metrics.refundsWaiting.set({ status: 'pending' }, b.refundsPending);
    metrics.refundsWaiting.set({ status: 'failed' }, b.refundsFailed);
    metrics.refundOldestPendingAge.set(b.oldestPendingAgeSeconds);
    metrics.refundRequiredWaiting.set(b.refundRequiredWaiting);
    metrics.backlogWatchTimestamp.set(Date.now() / 1000);
    return b;
  }

  async function auditNow(): Promise<number> {
    const drift = await auditStock(db);
    metrics.stockDriftRows.set(drift.length);
    metrics.stockAuditTimestamp.set(Date.now() / 1000);
    if (drift.length > 0) log.error({ rows: drift.length, first: drift[0] }, 'stock audit found drift: run npm run reconcile');
    return drift.length;
  }

  const every = (what: string, ms: number, run: () => Promise<unknown>) => {
    const tick = () => {
      const p = run()
        .catch((err: unknown) => log.warn({ err }, `${what} failed; the next one retries`))
        .finally(() => {
          running.delete(p);
          if (!stopped) schedule(ms);
        });
      running.add(p);
    };
    const schedule = (delay: number) => {
      const t = setTimeout(tick, delay);
      t.unref();
      timers.set(what, t);
    };
    // Replicas started together spread their reads over the interval; the first comes within a few seconds.
    schedule(Math.floor(Math.random() * Math.min(ms, 5000)));
  };

  return {
    refreshBacklog,
    auditNow,
    start() {
      stopped = false;
      every('backlog watch', backlogEveryMs, refreshBacklog);
      every('stock audit', auditEveryMs, auditNow);
    },
    async stop() {
      stopped = true;
      for (const t of timers.values()) clearTimeout(t);
      await Promise.all(running);
    },
  };
}

export type BacklogWatch = ReturnType<typeof createBacklogWatch>;
