import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { newId } from '../db/ids.js';
import {
  AppError, HoldLimitReachedError, IdempotencyKeyInUseError, IdempotencyKeyMismatchError, NotFoundError, ValidationError,
} from '../errors.js';
import { keeperOf } from '../inventory/keepers.js';
import type { LineRequest, OrderLine } from '../inventory/stock-keeper.js';
import { allOf, type Lease } from '../locks/item-locks.js';
import type { UnderLeases } from '../locks/leased-transaction.js';
import type { Principal } from '../shared/principal.js';
import type { OrderStatus } from '../shared/statuses.js';
import type { Faults } from '../ops/faults.js';
import type { Metrics } from '../ops/metrics.js';
import { newOrderSn, type OrderSnGenerator } from './order-sn.js';
import { createBookingBatcher, type BatchLocks, type LeasedGroup } from './booking-batcher.js';
import { BatchConflict, createBookingTransaction, type BookingRequest, type IdempotencyRef, type Outcome, type Placed } from './booking-transaction.js';
import {
  cancelLines, findOrderByIdempotencyKey, findOrderBySn, isDuplicateKey, listOrdersForUser, lockLines, lockOrderStatus, reduceTotal, transitionOrder, type Order,
} from './order-repository.js';
import type { PlaceOrderInput } from './order-schemas.js';

const MAX_SN_ATTEMPTS = 5;
const MAX_BATCH = 64;
/**
 * Booking transactions run one at a time per replica, so the items that become ready meanwhile ride in the next one
 * (measured on spread bookings: 2733/s one at a time, 2341/s two, 1801/s four); one still running after STALL_MS
 * (waiting on a row lock, say) lets another start beside it, up to MAX_IN_FLIGHT.
 */
const MAX_IN_FLIGHT = 8;
const STALL_MS = 100;

/** The leases an order's lines live under (a package touches several items), each once. */
export function lockKeysOf(lines: readonly LineRequest[]): string[] {
  return [...new Set(lines.map((l) => keeperOf(l.itemType).lockKey(l)))];
}

export type OrderServiceDeps = {
  db: Knex;
  config: Config;
  /** Item leases for bookings: each alone through its queue, or several taken together. */
  locks: BatchLocks;
  underLeases: UnderLeases;
  metrics: Metrics;
  faults: Faults;
  log: Logger;
  orderSn?: OrderSnGenerator;
};

export function createOrderService({ db, config, locks, underLeases, metrics, faults, log, orderSn = newOrderSn }: OrderServiceDeps) {
  function newOrder({ userId, contactName, contactPhone, idem }: BookingRequest, lines: OrderLine[], now: Date): Order {
    return {
      id: newId(),
      orderSn: orderSn(now),
      userId,
      status: 'pending',
      totalCents: lines.reduce((sum, l) => sum + l.subtotalCents, 0),
      currency: 'CNY',
      contactName,
      contactPhone,
      expiresAt: new Date(now.getTime() + config.orderTtlSeconds * 1000),
      createdAt: now,
      paidAt: null,
      closedAt: null,
      idempotencyKey: idem?.key ?? null,
      requestHash: idem?.requestHash ?? null,
      items: lines.map((l) => ({ ...l, status: 'booked' as const })),
    };
  }

  const placeBatch = createBookingTransaction({ db, faults, limits: { unitsPerItem: config.maxPendingUnitsPerItem, ordersPerUser: config.maxPendingOrdersPerUser }, newOrder });

  /** The key's record is gone (past its 24 hours), but the order it made is still here: answer with it. */
  async function replayFromDatabase(userId: string, idem: IdempotencyRef): Promise<Placed> {
    const existing = await findOrderByIdempotencyKey(db, userId, idem.key);
    if (!existing) throw new IdempotencyKeyInUseError();
    if (existing.requestHash !== idem.requestHash) throw new IdempotencyKeyMismatchError();
    return { ...existing, replayed: true };
  }

  /** One order in its own transaction: a colliding order number is replaced, a guard that disagreed re-reads once. */
  async function placeOne(request: BookingRequest, lease: Lease): Promise<Outcome> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        const [outcome] = await placeBatch([request], lease);
        return outcome as Outcome;
      } catch (err) {
        if (err instanceof BatchConflict && attempt < MAX_SN_ATTEMPTS && (err.orderSnCollision || attempt === 1)) {
          if (err.orderSnCollision) log.warn({ attempt }, 'order number collided; retrying with a new one');
          continue;
        }
        if (request.idem && isDuplicateKey(err, 'orders_user_idempotency_unique')) {
          try {
            return { ok: true, value: await replayFromDatabase(request.userId, request.idem) };
          } catch (e) {
            return { ok: false, error: e };
          }
        }
        if (request.idem && err instanceof BatchConflict && /orders_user_idempotency_unique/.test(err.message)) {
          try {
            return { ok: true, value: await replayFromDatabase(request.userId, request.idem) };
          } catch (e) {
            return { ok: false, error: e };
          }
        }
        return { ok: false, error: err };
      }
    }
  }

  /** One transaction for every ready item's bookings; if it cannot commit as one, each booking on its own. */
  async function placeGroups(groups: Array<LeasedGroup<BookingRequest>>): Promise<Outcome[][]> {
    const requests = groups.flatMap((g) => g.requests);
    const leaseOf = groups.flatMap((g) => g.requests.map(() => g.lease));
    metrics.bookingBatchSize.observe(requests.length);
    metrics.bookingBatchItems.observe(new Set(requests.flatMap((r) => lockKeysOf(r.lines))).size);
    let outcomes: Outcome[];
    if (requests.length === 1) {
      outcomes = [await placeOne(requests[0] as BookingRequest, leaseOf[0] as Lease)];
    } else {
      try {
        outcomes = await placeBatch(requests, allOf([...new Set(leaseOf)]));
      } catch (err) {
        if (!(err instanceof BatchConflict)) throw err;
        metrics.bookingBatchConflicts.inc();
        log.info({ reason: err.message, size: requests.length }, 'batch conflict; placing its orders one by one');
        outcomes = [];
        for (const [i, r] of requests.entries()) outcomes.push(await placeOne(r, leaseOf[i] as Lease));
      }
    }
    let at = 0;
    return groups.map((g) => outcomes.slice(at, (at += g.requests.length)));
  }

  const batcher = createBookingBatcher<BookingRequest, Placed>({
    locks,
    waitMs: config.lockWaitMs,
    maxBatch: MAX_BATCH,
    maxInFlight: MAX_IN_FLIGHT,
    stallMs: STALL_MS,
    run: placeGroups,
  });

  return {
    /** Resolves once every booking in flight has ended and given its leases back: a drain waits for it. */
    idle: () => batcher.idle(),

    /** One order of one or several lines, all booked or none. */
    async placeOrder(principal: Principal, input: PlaceOrderInput, idem?: IdempotencyRef): Promise<Placed> {
      const userId = principal.userId;
      const { lines, asPackage } = input;
      const kind = lines.length === 1 ? (lines[0] as LineRequest).itemType : 'package';
      try {
        const problems = lines.flatMap((l, i) => keeperOf(l.itemType).check(l).map((p) => ({ ...p, path: asPackage ? `body.items[${i}].${p.path}` : `body.${p.path}` })));
        if (problems.length > 0) throw new ValidationError(problems);
        const order = await batcher.submit(lockKeysOf(lines), { userId, lines, contactName: input.contactName, contactPhone: input.contactPhone, asPackage, exempt: principal.exempt === true, idem });
        if (!('replayed' in order)) metrics.ordersCreated.inc({ kind });
        await faults.at('booking.afterCommit');
        return order;
      } catch (err) {
        metrics.ordersRejected.inc({ kind, reason: err instanceof AppError ? err.code : 'ERROR' });
        if (err instanceof HoldLimitReachedError) metrics.requestsRefused.inc({ reason: `hold_limit_${String(err.details?.['of'])}` });
        throw err;
      }
    },

    /** The owner or an admin sees the order; anyone else is told it does not exist. */
    async getOrder(principal: Principal, orderSn: string): Promise<Order> {
      const order = await findOrderBySn(db, orderSn);
      if (!order || (order.userId !== principal.userId && !principal.admin)) throw new NotFoundError(`Order ${orderSn}`);
      return order;
    },

    async listOrders(userId: string, query: { status?: OrderStatus; limit: number; cursor?: string }) {
      return listOrdersForUser(db, userId, query);
    },

    /**
     * Cancels lines of a pending order (all of them by default), their stock back under their items' leases in one
     * transaction. Lines already cancelled are skipped, so a repeat changes nothing; when no line is left booked the
     * order is cancelled, else what is left to pay is the booked lines' sum. False if the order is no longer pending.
     */
    async cancelPendingLines(order: Order, lineNos: readonly number[]): Promise<boolean> {
      const asked = order.items.filter((l, i) => lineNos.includes(i) && l.status !== 'cancelled');
      if (asked.length === 0) return order.status === 'pending';
      const done = await underLeases(lockKeysOf(asked), async (trx) => {
        if ((await lockOrderStatus(trx, order.id)) !== 'pending') return false;
        const booked = (await lockLines(trx, order.id)).filter((l) => l.status === 'booked').map((l) => l.lineNo);
        const now = booked.filter((n) => lineNos.includes(n));
        if (now.length === 0) return true;
        const lines = now.map((n) => order.items[n] as OrderLine);
        if (now.length === booked.length) {
          if (!(await transitionOrder(trx, order.id, 'pending', 'cancelled'))) return false;
        } else {
          if (!(await cancelLines(trx, order.id, now))) return false;
          await reduceTotal(trx, order.id, lines.reduce((sum, l) => sum + l.subtotalCents, 0));
        }
        for (const line of lines) await keeperOf(line.itemType).release(trx, line);
        await faults.at('release.beforeCommit');
        return true;
      });
      if (done) metrics.ordersCancelled.inc();
      return done;
    },

    /**
     * Moves a pending order to cancelled or expired and gives its stock back, under each item's lease,
     * in one transaction: the conditional status change makes it happen exactly once.
     */
    async closeOrder(order: Order, to: 'cancelled' | 'expired'): Promise<boolean> {
      if (order.items.length === 0) throw new Error(`order ${order.orderSn} has no items`);
      return underLeases(lockKeysOf(order.items), async (trx) => {
        if (!(await transitionOrder(trx, order.id, 'pending', to))) return false;
        for (const item of order.items) if (item.status !== 'cancelled') await keeperOf(item.itemType).release(trx, item);
        await faults.at('release.beforeCommit');
        return true;
      });
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
