import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AppError, NotFoundError } from '../errors.js';
import { checkDates } from '../catalog/catalog-service.js';
import type { Principal } from '../http/context.js';
import { keeperFor, keeperForKind, type Booking } from '../inventory/keepers.js';
import type { WithItemLock } from '../locks/item-locks.js';
import type { Faults } from '../ops/faults.js';
import type { Metrics } from '../ops/metrics.js';
import { newOrderSn, type OrderSnGenerator } from './order-sn.js';
import {
  findOrderByIdempotencyKey, findOrderBySn, insertOrder, isDuplicateKey, listOrdersForUser, newId, transitionOrder, type Order,
} from './order-repository.js';
import type { OrderStatus, PlaceOrderInput } from './order-schemas.js';

export type IdempotencyRef = { key: string; requestHash: string };

const MAX_SN_ATTEMPTS = 5;

function toBooking(input: PlaceOrderInput): Booking {
  switch (input.itemType) {
    case 'route':
      return { itemType: 'route', itemId: input.itemId, quantity: input.quantity };
    case 'hotel':
      return { itemType: 'hotel', itemId: input.itemId, roomTypeId: input.roomTypeId, checkIn: input.checkIn, checkOut: input.checkOut, quantity: input.quantity };
    case 'scenic':
      return { itemType: 'scenic', itemId: input.itemId, visitDate: input.visitDate, quantity: input.quantity };
  }
}

export type OrderServiceDeps = {
  db: Knex;
  config: Config;
  withItemLock: WithItemLock;
  metrics: Metrics;
  faults: Faults;
  log: Logger;
  orderSn?: OrderSnGenerator;
};

export function createOrderService({ db, config, withItemLock, metrics, faults, log, orderSn = newOrderSn }: OrderServiceDeps) {
  /** Lease → transaction → re-read, insert, guarded UPDATE last (shortest row-lock hold) → commit → release. */
  async function placeUnderLease(userId: string, input: PlaceOrderInput, booking: Booking, idem: IdempotencyRef | undefined, lease: { assertHeld(): void }) {
    const keeper = keeperFor(booking);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await db.transaction(async (trx) => {
          const line = await keeper.quote(trx, booking);
          const now = new Date();
          const order: Order = {
            id: newId(),
            orderSn: orderSn(now),
            userId,
            status: 'pending',
            totalCents: line.subtotalCents,
            currency: 'CNY',
            contactName: input.contactName,
            contactPhone: input.contactPhone,
            expiresAt: new Date(now.getTime() + config.orderTtlSeconds * 1000),
            createdAt: now,
            paidAt: null,
            closedAt: null,
            idempotencyKey: idem?.key ?? null,
            requestHash: idem?.requestHash ?? null,
            items: [line],
          };
          await insertOrder(trx, order);
          await keeper.reserve(trx, line);
          await faults.at('booking.beforeCommit');
          // A lease that ran out (a paused process) must not commit; the guarded UPDATE already kept the row honest.
          lease.assertHeld();
          return order;
        });
      } catch (err) {
        if (isDuplicateKey(err, 'orders_order_sn_unique') && attempt < MAX_SN_ATTEMPTS) {
          log.warn({ attempt }, 'order number collided; retrying with a new one');
          continue;
        }
        if (idem && isDuplicateKey(err, 'orders_user_idempotency_unique')) return replayFromDatabase(userId, idem);
        throw err;
      }
    }
  }

  /** The Redis record of an Idempotency-Key was lost, but the order it made is still here: answer with it. */
  async function replayFromDatabase(userId: string, idem: IdempotencyRef): Promise<Order & { replayed: true }> {
    const existing = await findOrderByIdempotencyKey(db, userId, idem.key);
    if (!existing) throw new AppError('IDEMPOTENCY_KEY_IN_USE', 'This Idempotency-Key is being processed');
    if (existing.requestHash !== idem.requestHash) {
      throw new AppError('IDEMPOTENCY_KEY_MISMATCH', 'This Idempotency-Key was used with a different request');
    }
    return { ...existing, replayed: true };
  }

  return {
    async placeOrder(userId: string, input: PlaceOrderInput, idem?: IdempotencyRef): Promise<Order & { replayed?: true }> {
      const booking = toBooking(input);
      try {
        checkDates(input as { checkIn?: string; checkOut?: string; visitDate?: string });
        if (idem) {
          // Cheap check first: a retried key whose order exists needs no lease.
          const existing = await findOrderByIdempotencyKey(db, userId, idem.key);
          if (existing) return await replayFromDatabase(userId, idem);
        }
        const keeper = keeperFor(booking);
        const order = await withItemLock(keeper.lockKey(booking), (lease) => placeUnderLease(userId, input, booking, idem, lease));
        if (!('replayed' in order)) metrics.ordersCreated.inc({ kind: booking.itemType });
        return order;
      } catch (err) {
        metrics.ordersRejected.inc({ kind: booking.itemType, reason: err instanceof AppError ? err.code : 'ERROR' });
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

    /** Owner's cancel: pending → cancelled with its stock back; any other status is 409 with the current one. */
    async cancelOrder(userId: string, orderSn: string): Promise<Order> {
      const order = await findOrderBySn(db, orderSn);
      if (!order || order.userId !== userId) throw new NotFoundError(`Order ${orderSn}`);
      if (order.status === 'pending' && (await this.closeOrder(order, 'cancelled'))) {
        metrics.ordersCancelled.inc();
      }
      const now = (await findOrderBySn(db, orderSn)) as Order;
      if (now.status !== 'cancelled') {
        throw new AppError('ORDER_NOT_PENDING', `The order is ${now.status} and cannot be cancelled`, { status: now.status });
      }
      return now;
    },

    /**
     * Moves a pending order to cancelled or expired and gives its stock back, under each item's lease,
     * in one transaction: the conditional status change makes it happen exactly once.
     */
    async closeOrder(order: Order, to: 'cancelled' | 'expired'): Promise<boolean> {
      const line = order.items[0];
      if (!line) throw new Error(`order ${order.orderSn} has no items`);
      const keeper = keeperForKind(line.itemType);
      return withItemLock(keeper.lockKey(line), (lease) =>
        db.transaction(async (trx) => {
          if (!(await transitionOrder(trx, order.id, 'pending', to))) return false;
          for (const item of order.items) await keeperForKind(item.itemType).release(trx, item);
          await faults.at('release.beforeCommit');
          lease.assertHeld();
          return true;
        }),
      );
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
