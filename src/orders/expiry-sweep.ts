import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Metrics } from '../ops/metrics.js';
import { findOrderBySn } from './order-repository.js';
import type { OrderService } from './order-service.js';

const BATCH = 200;

/**
 * Expires pending orders past expiresAt. Every replica runs it; the conditional pending → expired inside
 * closeOrder makes each order expire, and its stock come back, exactly once however many sweep at once.
 */
export function createExpirySweep(db: Knex, orderService: OrderService, metrics: Metrics, log: Logger) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let stopped = false;

  async function expireDue(now = new Date()): Promise<number> {
    const due = await db('orders').where('status', 'pending').andWhere('expires_at', '<=', now).orderBy('expires_at').limit(BATCH).select<{ order_sn: string }[]>('order_sn');
    // Replicas start at different places in the batch so they mostly work on different orders.
    const offset = due.length > 0 ? Math.floor(Math.random() * due.length) : 0;
    let expired = 0;
    for (let i = 0; i < due.length && !stopped; i += 1) {
      const sn = (due[(i + offset) % due.length] as { order_sn: string }).order_sn;
      try {
        const order = await findOrderBySn(db, sn);
        if (order?.status !== 'pending') continue;
        if (await orderService.closeOrder(order, 'expired')) {
          expired += 1;
          metrics.ordersExpired.inc();
        }
      } catch (err) {
        log.warn({ err, orderSn: sn }, 'could not expire order; the next sweep retries');
      }
    }
    return expired;
  }

  return {
    expireDue,
    start(intervalMs: number) {
      stopped = false;
      const tick = () => {
        running = expireDue()
          .catch((err: unknown) => {
            log.warn({ err }, 'expiry sweep failed');
            return 0;
          })
          .finally(() => {
            running = undefined;
            if (!stopped) timer = setTimeout(tick, intervalMs);
          });
      };
      timer = setTimeout(tick, Math.floor(Math.random() * intervalMs));
    },
    /** Stops scheduling and waits for a sweep in progress to finish its current order. */
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type ExpirySweep = ReturnType<typeof createExpirySweep>;
