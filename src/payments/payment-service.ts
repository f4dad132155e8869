import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Config } from '../config.js';
import { AppError, InsufficientStockError, NotFoundError } from '../errors.js';
import type { Principal } from '../http/context.js';
import { parseInput } from '../http/validate.js';
import { keeperForKind } from '../inventory/keepers.js';
import type { WithItemLock } from '../locks/item-locks.js';
import type { Faults } from '../ops/faults.js';
import type { Metrics } from '../ops/metrics.js';
import { bytesToId, findOrderBySn, idToBytes, newId, transitionOrder, type Order } from '../orders/order-repository.js';
import { orderSnParam } from '../orders/order-schemas.js';
import { verifySignature } from './signature.js';

export const callbackSchema = z.strictObject({
  paymentId: z.uuid({ error: 'must be a payment id' }),
  orderSn: orderSnParam,
  providerTxnId: z.string().regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 visible ASCII characters'),
  amountCents: z.number().int('must be an integer number of cents').min(0).max(10_000_000_000),
  status: z.enum(['succeeded', 'failed']),
});
export type Callback = z.output<typeof callbackSchema>;

export type PaymentStatus = 'succeeded' | 'failed' | 'amount_mismatch' | 'refund_required';
export type CallbackAnswer = { status: number; body: Record<string, unknown> };

type IntentRow = { id: Buffer; order_id: Buffer; amount_cents: number; currency: string };
type PaymentRow = { id: Buffer; intent_id: Buffer; order_id: Buffer; provider_txn_id: string; amount_cents: number; currency: string; status: PaymentStatus; created_at: Date };

const RESERVABLE_AFTER_CLOSE = new Set(['cancelled', 'expired']);

export type PaymentServiceDeps = {
  db: Knex;
  redis: Redis;
  config: Config;
  withItemLock: WithItemLock;
  metrics: Metrics;
  faults: Faults;
  log: Logger;
};

export function createPaymentService({ db, redis, config, withItemLock, metrics, faults, log }: PaymentServiceDeps) {
  const intentView = (intent: IntentRow, order: Order) => ({
    paymentId: bytesToId(intent.id),
    orderSn: order.orderSn,
    amountCents: intent.amount_cents,
    currency: intent.currency,
    status: order.status === 'paid' ? 'succeeded' : 'requires_payment',
  });

  /** What an already-recorded transaction answers when the provider delivers it again. */
  function duplicateAnswer(row: PaymentRow, orderStatus: string): CallbackAnswer {
    if (row.status === 'amount_mismatch') {
      return { status: 422, body: { error: { code: 'AMOUNT_MISMATCH', message: 'The amount does not match the order total', details: { duplicate: true } } } };
    }
    return { status: 200, body: { received: true, duplicate: true, orderStatus, paymentStatus: row.status } };
  }

  async function recordedPayment(providerTxnId: string): Promise<CallbackAnswer | undefined> {
    const row = await db<PaymentRow>('payments').where({ provider_txn_id: providerTxnId }).first();
    if (!row) return undefined;
    const order = await db('orders').where({ id: row.order_id }).first<{ status: string }>('status');
    return duplicateAnswer(row, order?.status ?? 'unknown');
  }

  async function insertPayment(trx: Knex, intent: IntentRow, cb: Callback, status: PaymentStatus): Promise<void> {
    const now = new Date();
    await trx('payments').insert({
      id: idToBytes(newId()),
      intent_id: intent.id,
      order_id: intent.order_id,
      provider_txn_id: cb.providerTxnId,
      amount_cents: cb.amountCents,
      currency: intent.currency,
      status,
      created_at: now,
    });
  }

  /**
   * Money arrived for an order that was cancelled or expired meanwhile: take its stock again under the
   * item's lease if it is still there (the order becomes paid), else keep the money as refund_required.
   */
  async function payClosedOrder(order: Order, intent: IntentRow, cb: Callback): Promise<{ orderStatus: string; paymentStatus: PaymentStatus }> {
    const line = order.items[0] as Order['items'][number];
    return withItemLock(keeperForKind(line.itemType).lockKey(line), (lease) =>
      db.transaction(async (trx) => {
        const current = await trx('orders').where({ id: idToBytes(order.id) }).forUpdate().first<{ status: Order['status'] }>('status');
        if (!current || !RESERVABLE_AFTER_CLOSE.has(current.status)) {
          // Paid by another transaction in the meantime: this second charge is owed back.
          await insertPayment(trx, intent, cb, 'refund_required');
          return { orderStatus: current?.status ?? 'unknown', paymentStatus: 'refund_required' as const };
        }
        try {
          await trx.transaction(async (inner) => {
            for (const item of order.items) await keeperForKind(item.itemType).reserve(inner, item);
          });
        } catch (err) {
          if (!(err instanceof InsufficientStockError)) throw err;
          await insertPayment(trx, intent, cb, 'refund_required');
          return { orderStatus: current.status, paymentStatus: 'refund_required' as const };
        }
        await trx('orders').where({ id: idToBytes(order.id) }).update({ status: 'paid', paid_at: new Date(), closed_at: null, updated_at: new Date() });
        await insertPayment(trx, intent, cb, 'succeeded');
        lease.assertHeld();
        return { orderStatus: 'paid', paymentStatus: 'succeeded' as const };
      }),
    );
  }

  async function applyCallback(cb: Callback): Promise<CallbackAnswer> {
    const order = await findOrderBySn(db, cb.orderSn);
    const intent = await db<IntentRow>('payment_intents').where({ id: idToBytes(cb.paymentId) }).first();
    if (!order || !intent || bytesToId(intent.order_id) !== order.id) throw new NotFoundError(`Payment ${cb.paymentId} of order ${cb.orderSn}`);

    if (cb.status === 'failed') {
      await insertPayment(db, intent, cb, 'failed');
      return { status: 200, body: { received: true, duplicate: false, orderStatus: order.status, paymentStatus: 'failed' } };
    }
    if (cb.amountCents !== intent.amount_cents) {
      await insertPayment(db, intent, cb, 'amount_mismatch');
      log.warn({ orderSn: order.orderSn, expected: intent.amount_cents, got: cb.amountCents }, 'payment amount mismatch');
      throw new AppError('AMOUNT_MISMATCH', `The amount ${cb.amountCents} does not match the order total ${intent.amount_cents}`, {
        expectedCents: intent.amount_cents,
        receivedCents: cb.amountCents,
      });
    }
    // The common case: the payment row and pending → paid, together or not at all.
    const paidNow = await db.transaction(async (trx) => {
      if (!(await transitionOrder(trx, order.id, 'pending', 'paid'))) return false;
      await insertPayment(trx, intent, cb, 'succeeded');
      return true;
    });
    if (paidNow) return { status: 200, body: { received: true, duplicate: false, orderStatus: 'paid', paymentStatus: 'succeeded' } };
    const outcome = await payClosedOrder(order, intent, cb);
    if (outcome.paymentStatus === 'refund_required') log.warn({ orderSn: order.orderSn, providerTxnId: cb.providerTxnId }, 'payment needs a refund');
    return { status: 200, body: { received: true, duplicate: false, ...outcome } };
  }

  return {
    /** The order's one payment intent; concurrent calls converge on the same row through its unique order_id. */
    async payIntent(principal: Principal, orderSn: string) {
      const order = await findOrderBySn(db, orderSn);
      if (!order || order.userId !== principal.userId) throw new NotFoundError(`Order ${orderSn}`);
      let intent = await db<IntentRow>('payment_intents').where({ order_id: idToBytes(order.id) }).first();
      if (intent) return { intent: intentView(intent, order), created: false };
      if (order.status !== 'pending') throw new AppError('ORDER_NOT_PENDING', `The order is ${order.status} and cannot be paid`, { status: order.status });
      const id = newId();
      await db('payment_intents')
        .insert({ id: idToBytes(id), order_id: idToBytes(order.id), amount_cents: order.totalCents, currency: order.currency, created_at: new Date() })
        .onConflict('order_id')
        .ignore();
      intent = (await db<IntentRow>('payment_intents').where({ order_id: idToBytes(order.id) }).first()) as IntentRow;
      return { intent: intentView(intent, order), created: bytesToId(intent.id) === id };
    },

    /** Signed, deduplicated provider notification. */
    async handleCallback(signature: string, rawBody: Buffer, body: unknown): Promise<CallbackAnswer> {
      try {
        verifySignature(config.paymentWebhookSecret, signature, rawBody);
        const cb = parseInput(callbackSchema, body);
        const done = await recordedPayment(cb.providerTxnId);
        if (done) {
          metrics.paymentCallbacks.inc({ result: 'duplicate' });
          return done;
        }
        const marker = `${config.redisKeyPrefix}paycb:${cb.providerTxnId}`;
        const token = randomUUID();
        if ((await redis.set(marker, token, 'EX', config.paymentMarkerTtlSeconds, 'NX')) !== 'OK') {
          const finished = await recordedPayment(cb.providerTxnId);
          if (finished) {
            metrics.paymentCallbacks.inc({ result: 'duplicate' });
            return finished;
          }
          throw new AppError('CALLBACK_IN_PROGRESS', 'This transaction is being processed; retry later', { providerTxnId: cb.providerTxnId }, 1);
        }
        try {
          await faults.at('payment.afterMarker');
          const answer = await applyCallback(cb);
          metrics.paymentCallbacks.inc({ result: String(answer.body['paymentStatus'] ?? 'ok') });
          return answer;
        } catch (err) {
          if (err instanceof AppError && err.code === 'AMOUNT_MISMATCH') throw err;
          // Not processed: free the marker so the provider's retry goes ahead (the unique key still guards it).
          await redis.eval("if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0", 1, marker, token).catch(() => undefined);
          if ((err as { errno?: number }).errno === 1062) {
            const finished = await recordedPayment(cb.providerTxnId);
            if (finished) return finished;
          }
          throw err;
        }
      } catch (err) {
        metrics.paymentCallbacks.inc({ result: err instanceof AppError ? err.code.toLowerCase() : 'error' });
        throw err;
      }
    },

    async paymentsOf(order: Order) {
      const rows = await db<PaymentRow>('payments').where({ order_id: idToBytes(order.id) }).orderBy('created_at');
      if (rows.length > 0) {
        return rows.map((r) => ({ paymentId: bytesToId(r.intent_id), providerTxnId: r.provider_txn_id, amountCents: r.amount_cents, status: r.status }));
      }
      const intent = await db<IntentRow>('payment_intents').where({ order_id: idToBytes(order.id) }).first();
      return intent ? [{ paymentId: bytesToId(intent.id), providerTxnId: null, amountCents: intent.amount_cents, status: 'requires_payment' }] : [];
    },

    async listPayments(status: PaymentStatus | undefined, limit: number) {
      const q = db<PaymentRow>('payments as p').join('orders as o', 'o.id', 'p.order_id').orderBy('p.created_at', 'desc').limit(limit);
      if (status) q.where('p.status', status);
      const rows = await q.select('p.*', 'o.order_sn', 'o.status as order_status');
      return rows.map((r: PaymentRow & { order_sn: string; order_status: string }) => ({
        paymentId: bytesToId(r.intent_id),
        orderSn: r.order_sn,
        orderStatus: r.order_status,
        providerTxnId: r.provider_txn_id,
        amountCents: r.amount_cents,
        currency: r.currency,
        status: r.status,
        createdAt: r.created_at.toISOString(),
      }));
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
