import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { newId } from '../db/ids.js';
import { RowCountMismatch, runStatements } from '../db/statements.js';
import { insertRecords, insertRecordsStatement, isDuplicateRecord, type IdempotencyRecord } from '../idempotency/idempotency-records.js';
import type { Recording } from '../idempotency/idempotent-requests.js';
import {
  AppError, IdempotencyKeyInUseError, IdempotencyKeyMismatchError, InsufficientStockError, NotFoundError, OrderNotPendingError, ValidationError,
} from '../errors.js';
import { keeperOf } from '../inventory/keepers.js';
import type { ItemKind, LineRequest, OrderLine, Quote } from '../inventory/stock-keeper.js';
import { allOf, type Lease } from '../locks/item-locks.js';
import { leasedTransaction, type UnderLeases } from '../locks/leased-transaction.js';
import type { Principal } from '../shared/principal.js';
import type { OrderStatus } from '../shared/statuses.js';
import type { Faults } from '../ops/faults.js';
import type { Metrics } from '../ops/metrics.js';
import { newOrderSn, type OrderSnGenerator } from './order-sn.js';
import { createBookingBatcher, type BatchLocks, type BatchOutcome, type LeasedGroup } from './booking-batcher.js';
import {
  findOrderByIdempotencyKey, findOrderBySn, insertOrders, insertOrdersStatements, isDuplicateKey, listOrdersForUser, transitionOrder, type Order,
} from './order-repository.js';
import type { PlaceOrderInput } from './order-schemas.js';

/** A booking under an Idempotency-Key: its answer is written in the transaction that makes the order. */
export type IdempotencyRef = Recording<Order & { replayed?: true }>;

const MAX_SN_ATTEMPTS = 5;
const MAX_BATCH = 64;
/**
 * Booking transactions run one at a time per replica, so the items that become ready meanwhile ride in the next one
 * (measured on spread bookings: 2733/s one at a time, 2341/s two, 1801/s four); one still running after STALL_MS
 * (waiting on a row lock, say) lets another start beside it, up to MAX_IN_FLIGHT.
 */
const MAX_IN_FLIGHT = 8;
const STALL_MS = 100;

type BookingRequest = { userId: string; input: PlaceOrderInput; booking: LineRequest; idem: IdempotencyRef | undefined };
type Placed = Order & { replayed?: true };

/** A batch that cannot commit as one (a duplicate key, a guard that disagrees with the re-read): place its orders one by one. */
class BatchConflict extends Error {
  override readonly name = 'BatchConflict';
}

/** The leases an order's lines live under (a package touches several items). */
export function lockKeysOf(lines: readonly OrderLine[]): string[] {
  return lines.map((l) => keeperOf(l.itemType).lockKey(l));
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
  function newOrder({ userId, input, idem }: BookingRequest, line: OrderLine, now: Date): Order {
    return {
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
  }

  /** Lease → transaction → re-read, insert, guarded UPDATE last (shortest row-lock hold) → commit → release. */
  async function placeUnderLease({ userId, input, booking, idem }: BookingRequest, lease: Lease): Promise<Placed> {
    const keeper = keeperOf(booking.itemType);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const placed = await leasedTransaction(db, lease, async (trx) => {
          const { line } = await keeper.quote(trx, booking);
          const order = newOrder({ userId, input, booking, idem }, line, new Date());
          await insertOrders(trx, [order]);
          if (idem) await insertRecords(trx, [idem.record(order)]);
          await keeper.reserve(trx, line);
          await faults.at('booking.beforeCommit');
          return order;
        });
        idem?.committed();
        return placed;
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

  /** The key's record is gone (past its 24 hours), but the order it made is still here: answer with it. */
  async function replayFromDatabase(userId: string, idem: IdempotencyRef): Promise<Order & { replayed: true }> {
    const existing = await findOrderByIdempotencyKey(db, userId, idem.key);
    if (!existing) throw new IdempotencyKeyInUseError();
    if (existing.requestHash !== idem.requestHash) throw new IdempotencyKeyMismatchError();
    return { ...existing, replayed: true };
  }

  /**
   * Bookings of several items in one transaction, each item under its own lease: per stock row, one re-read,
   * first-come decisions against what is left, one INSERT for all orders (and one for their lines, one for their
   * answers), and one guarded UPDATE per stock row for its total.
   */
  async function placeBatch(requests: BookingRequest[], lease: Lease): Promise<Array<BatchOutcome<Placed>>> {
    const recorded: IdempotencyRef[] = [];
    const outcomes = await leasedTransaction(db, lease, async (trx) => {
      const outcomes: Array<BatchOutcome<Placed>> = new Array(requests.length);
      // Requests for the same stock rows form one group; the groups of each kind are re-read in one go.
      const groups = new Map<string, number[]>();
      requests.forEach((r, i) => {
        const k = keeperOf(r.booking.itemType).stockKey(r.booking);
        groups.set(k, [...(groups.get(k) ?? []), i]);
      });
      const byKind = new Map<ItemKind, number[][]>();
      for (const indexes of groups.values()) {
        const kind = (requests[indexes[0] as number] as BookingRequest).booking.itemType;
        byKind.set(kind, [...(byKind.get(kind) ?? []), indexes]);
      }
      const quotes = new Map<string, Quote | NotFoundError>();
      for (const [kind, kindGroups] of byKind) {
        const firsts = kindGroups.map((indexes) => (requests[indexes[0] as number] as BookingRequest).booking);
        const got = await keeperOf(kind).quoteAll(trx, firsts.map((b) => ({ ...b, quantity: 1 })));
        firsts.forEach((b, g) => quotes.set(keeperOf(kind).stockKey(b), got[g] ?? new NotFoundError('The item')));
      }
      // First come, first served, against what each stock row has left: a request takes its rows only if every one
      // has enough (overlapping stays share their common nights); a sold-out or missing item refuses, the others go on.
      const left = new Map<string, number | null>();
      const taken = new Map<string, { kind: ItemKind; quote: Quote; quantity: number }>();
      const orders: Order[] = [];
      const records: IdempotencyRecord[] = [];
      const now = new Date();
      requests.forEach((r, i) => {
        const stockKey = keeperOf(r.booking.itemType).stockKey(r.booking);
        const quote = quotes.get(stockKey) as Quote | NotFoundError;
        if (quote instanceof NotFoundError) {
          outcomes[i] = { ok: false, error: quote };
          return;
        }
        const q = r.booking.quantity;
        const rows = quote.rows ?? [{ row: stockKey, available: quote.available }];
        for (const { row, available } of rows) if (!left.has(row)) left.set(row, available);
        const counts = rows.map(({ row }) => left.get(row) as number | null);
        const bounded = counts.filter((c): c is number => c !== null);
        if (bounded.some((c) => c < q)) {
          outcomes[i] = { ok: false, error: new InsufficientStockError(Math.min(...bounded), q, quote.details) };
          return;
        }
        for (const { row } of rows) {
          const c = left.get(row) as number | null;
          if (c !== null) left.set(row, c - q);
        }
        const prior = taken.get(stockKey);
        taken.set(stockKey, { kind: r.booking.itemType, quote, quantity: (prior?.quantity ?? 0) + q });
        const order = newOrder(r, { ...quote.line, quantity: q, subtotalCents: quote.line.subtotalCents * q }, now);
        orders.push(order);
        if (r.idem) {
          recorded.push(r.idem);
          records.push(r.idem.record(order));
        }
        outcomes[i] = { ok: true, value: order };
      });
      const reservations = new Map<ItemKind, OrderLine[]>();
      for (const { kind, quote, quantity } of taken.values()) {
        reservations.set(kind, [...(reservations.get(kind) ?? []), { ...quote.line, quantity, subtotalCents: quote.line.subtotalCents * quantity }]);
      }
      // Every write of the batch in one round trip: its orders, their lines, their answers (one INSERT each) and each
      // kind's guarded UPDATEs, every UPDATE's row count checked.
      const answers = insertRecordsStatement(records);
      const statements = [...insertOrdersStatements(orders), ...(answers ? [answers] : [])];
      for (const [kind, lines] of reservations) statements.push(...keeperOf(kind).reserveStatements(lines));
      try {
        await runStatements(trx, statements);
      } catch (err) {
        if (isDuplicateKey(err, 'orders_') || isDuplicateRecord(err) || err instanceof RowCountMismatch) {
          throw new BatchConflict((err as Error).message);
        }
        throw err;
      }
      await faults.at('booking.beforeCommit');
      return outcomes;
    });
    for (const r of recorded) r.committed();
    return outcomes;
  }

  async function placeOne(request: BookingRequest, lease: Lease): Promise<BatchOutcome<Placed>> {
    try {
      return { ok: true, value: await placeUnderLease(request, lease) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  /** One transaction for every ready item's bookings; if it cannot commit as one, each booking on its own. */
  async function placeGroups(groups: Array<LeasedGroup<BookingRequest>>): Promise<Array<Array<BatchOutcome<Placed>>>> {
    const requests = groups.flatMap((g) => g.requests);
    const leaseOf = groups.flatMap((g) => g.requests.map(() => g.lease));
    metrics.bookingBatchSize.observe(requests.length);
    metrics.bookingBatchItems.observe(groups.length);
    let outcomes: Array<BatchOutcome<Placed>>;
    if (requests.length === 1) {
      outcomes = [await placeOne(requests[0] as BookingRequest, leaseOf[0] as Lease)];
    } else {
      try {
        outcomes = await placeBatch(requests, allOf(groups.map((g) => g.lease)));
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
    async placeOrder(userId: string, input: PlaceOrderInput, idem?: IdempotencyRef): Promise<Order & { replayed?: true }> {
      const { contactName: _name, contactPhone: _phone, ...booking } = input;
      try {
        const problems = keeperOf(booking.itemType).check(booking);
        if (problems.length > 0) throw new ValidationError(problems);
        const order = await batcher.submit(keeperOf(booking.itemType).lockKey(booking), { userId, input, booking, idem });
        if (!('replayed' in order)) metrics.ordersCreated.inc({ kind: booking.itemType });
        await faults.at('booking.afterCommit');
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
      if (now.status !== 'cancelled') throw new OrderNotPendingError(now.status, 'cancelled');
      return now;
    },

    /**
     * Moves a pending order to cancelled or expired and gives its stock back, under each item's lease,
     * in one transaction: the conditional status change makes it happen exactly once.
     */
    async closeOrder(order: Order, to: 'cancelled' | 'expired'): Promise<boolean> {
      if (order.items.length === 0) throw new Error(`order ${order.orderSn} has no items`);
      return underLeases(lockKeysOf(order.items), async (trx) => {
        if (!(await transitionOrder(trx, order.id, 'pending', to))) return false;
        for (const item of order.items) await keeperOf(item.itemType).release(trx, item);
        await faults.at('release.beforeCommit');
        return true;
      });
    },
  };
}

export type OrderService = ReturnType<typeof createOrderService>;
