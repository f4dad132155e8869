import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { AmountMismatchError, AppError, InsufficientStockError, NotFoundError, OrderNotPendingError, errorBody } from '../errors.js';
import { keeperOf } from '../inventory/keepers.js';
import type { UnderLeases } from '../locks/leased-transaction.js';
import type { Faults } from '../ops/faults.js';
import type { Metrics } from '../ops/metrics.js';
import { findOrderBySn, lockOrderStatus, reopenAsPaid, transitionOrder, type Order } from '../orders/order-repository.js';
import { lockKeysOf } from '../orders/order-service.js';
import type { Principal } from '../shared/principal.js';
import type { OrderStatus, PaymentStatus } from '../shared/statuses.js';
import {
  findIntent, findIntentOfOrder, findPaymentByTxn, insertIntentOnce, insertPayment, listPayments, paymentsOfOrder, type Intent, type Payment,
} from './payment-repository.js';
import type { CallbackMarkers } from './callback-markers.js';
import type { AdminPayment, Callback, IntentView, PaymentRecord } from './payment-schemas.js';
import { insertRecords } from '../idempotency/idempotency-records.js';
import type { Recording } from '../idempotency/idempotent-requests.js';

export type CallbackAnswer = { status: number; body: Record<string, unknown> };
export type { IntentView };
export type PayIntentResult = { intent: IntentView; created: boolean };

const RESERVABLE_AFTER_CLOSE = new Set(['cancelled', 'expired']);

export type PaymentServiceDeps = {
  db: Knex;
  markers: CallbackMarkers;
  config: Config;
  underLeases: UnderLeases;
  metrics: Metrics;
  faults: Faults;
  log: Logger;
};

export function createPaymentService({ db, markers, underLeases, metrics, faults, log }: PaymentServiceDeps) {
  // A pending order's amount is what is left of it to pay (lines may have been cancelled since the intent was made).
  const intentView = (intent: Intent, order: Order): IntentView => ({
    paymentId: intent.id,
    intentId: intent.id,
    orderSn: order.orderSn,
    amountCents: order.status === 'pending' ? order.totalCents : intent.amountCents,
    currency: intent.currency as 'CNY',
    status: order.status === 'paid' ? 'succeeded' : 'requires_payment',
  });

  /** What an already-recorded transaction answers when the provider delivers it again. */
  function duplicateAnswer(payment: Payment, orderStatus: string): CallbackAnswer {
    if (payment.status === 'amount_mismatch') {
      return { status: 422, body: errorBody(new AppError('AMOUNT_MISMATCH', 'The amount does not match the order total', { duplicate: true })) };
    }
    return { status: 200, body: { received: true, duplicate: true, orderStatus, paymentStatus: payment.status } };
  }

  async function recordedAnswer(providerTxnId: string): Promise<CallbackAnswer | undefined> {
    const found = await findPaymentByTxn(db, providerTxnId);
    return found ? duplicateAnswer(found.payment, found.orderStatus) : undefined;
  }

  /**
   * Money arrived for an order that was cancelled or expired meanwhile: take its stock again under the
   * items' leases if it is still there (the order becomes paid), else keep the money as refund_required.
   */
  async function payClosedOrder(order: Order, intent: Intent, cb: Callback): Promise<{ orderStatus: string; paymentStatus: PaymentStatus }> {
    return underLeases(lockKeysOf(order.items), async (trx) => {
      const current = await lockOrderStatus(trx, order.id);
      // An order whose every line was cancelled has nothing to take again: the money is owed back.
      if (!current || !RESERVABLE_AFTER_CLOSE.has(current) || order.items.every((l) => l.status === 'cancelled')) {
        // Paid by another transaction in the meantime: this second charge is owed back.
        await insertPayment(trx, intent, cb, 'refund_required');
        return { orderStatus: current ?? 'unknown', paymentStatus: 'refund_required' as const };
      }
      try {
        // A savepoint: stock taken for some lines is given back if a later line cannot be had.
        await trx.transaction(async (inner) => {
          for (const item of order.items) if (item.status !== 'cancelled') await keeperOf(item.itemType).reserve(inner, item);
        });
      } catch (err) {
        if (!(err instanceof InsufficientStockError)) throw err;
        await insertPayment(trx, intent, cb, 'refund_required');
        return { orderStatus: current, paymentStatus: 'refund_required' as const };
      }
      await reopenAsPaid(trx, order.id);
      await insertPayment(trx, intent, cb, 'succeeded');
      return { orderStatus: 'paid', paymentStatus: 'succeeded' as const };
    });
  }

  async function settle(cb: Callback): Promise<CallbackAnswer> {
    const order = await findOrderBySn(db, cb.orderSn);
    const intent = await findIntent(db, cb.paymentId);
    if (!order || !intent || intent.orderId !== order.id) throw new NotFoundError(`Payment ${cb.paymentId} of order ${cb.orderSn}`);

    if (cb.status === 'failed') {
      await insertPayment(db, intent, cb, 'failed');
      return { status: 200, body: { received: true, duplicate: false, orderStatus: order.status, paymentStatus: 'failed' } };
    }
    // What the order costs now: lines cancelled before payment are not paid for.
    const due = order.status === 'pending' ? order.totalCents : intent.amountCents;
    if (cb.amountCents !== due) {
      await insertPayment(db, intent, cb, 'amount_mismatch');
      log.warn({ orderSn: order.orderSn, expected: due, got: cb.amountCents }, 'payment amount mismatch');
      throw new AmountMismatchError(due, cb.amountCents);
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

  /** A verified provider notification, deduplicated by providerTxnId: a Redis marker, and the unique constraint behind it. */
  async function receiveCallback(cb: Callback): Promise<CallbackAnswer> {
    const done = await recordedAnswer(cb.providerTxnId);
    if (done) {
      metrics.paymentCallbacks.inc({ result: 'duplicate' });
      return done;
    }
    const marker = await markers.claim(cb.providerTxnId);
    if (marker.taken) {
      const finished = await recordedAnswer(cb.providerTxnId);
      if (finished) {
        metrics.paymentCallbacks.inc({ result: 'duplicate' });
        return finished;
      }
      throw new AppError('CALLBACK_IN_PROGRESS', 'This transaction is being processed; retry later', { providerTxnId: cb.providerTxnId }, 1);
    }
    try {
      await faults.at('payment.afterMarker');
      const answer = await settle(cb);
      metrics.paymentCallbacks.inc({ result: String(answer.body['paymentStatus'] ?? 'ok') });
      return answer;
    } catch (err) {
      if (err instanceof AmountMismatchError) throw err;
      // Not processed: free the marker so the provider's retry goes ahead (the unique key still guards it).
      await marker.release();
      if ((err as { errno?: number }).errno === 1062) {
        const finished = await recordedAnswer(cb.providerTxnId);
        if (finished) return finished;
      }
      throw err;
    }
  }

  return {
    /** The order's one payment intent; concurrent calls converge on the same row through its unique order_id. */
    async payIntent(principal: Principal, orderSn: string, recording?: Recording<PayIntentResult>): Promise<PayIntentResult> {
      const order = await findOrderBySn(db, orderSn);
      if (!order || order.userId !== principal.userId) throw new NotFoundError(`Order ${orderSn}`);
      // A paid order answers its intent again (200, status succeeded): the contract's "200 after", and nothing is charged
      // by asking. A cancelled or expired order has nothing left to pay, with or without an intent made before.
      if (order.status !== 'pending' && order.status !== 'paid') throw new OrderNotPendingError(order.status, 'paid');
      const existing = await findIntentOfOrder(db, order.id);
      if (existing) return { intent: intentView(existing, order), created: false };
      if (order.status !== 'pending') throw new OrderNotPendingError(order.status, 'paid');
      // The intent and the key's answer commit together.
      const result = await db.transaction(async (trx) => {
        const { intent, created } = await insertIntentOnce(trx, { orderId: order.id, amountCents: order.totalCents, currency: order.currency });
        const made = { intent: intentView(intent, order), created };
        if (recording) await insertRecords(trx, [recording.record(made)]);
        return made;
      });
      recording?.committed();
      return result;
    },

    async receiveCallback(cb: Callback): Promise<CallbackAnswer> {
      try {
        return await receiveCallback(cb);
      } catch (err) {
        metrics.paymentCallbacks.inc({ result: err instanceof AppError ? err.code.toLowerCase() : 'error' });
        throw err;
      }
    },

    /** A callback refused before it could be read (bad signature, malformed body): counted, then answered by the caller. */
    countRefusedCallback(code: string): void {
      metrics.paymentCallbacks.inc({ result: code.toLowerCase() });
    },

    async paymentsOf(order: Order): Promise<PaymentRecord[]> {
      const rows = await paymentsOfOrder(db, order.id);
      if (rows.length > 0) {
        return rows.map((p) => ({ paymentId: p.id, intentId: p.intentId, providerTxnId: p.providerTxnId, amountCents: p.amountCents, status: p.status }));
      }
      const intent = await findIntentOfOrder(db, order.id);
      return intent ? [{ paymentId: null, intentId: intent.id, providerTxnId: null, amountCents: order.status === 'pending' ? order.totalCents : intent.amountCents, status: 'requires_payment' }] : [];
    },

    async listPayments(status: PaymentStatus | undefined, limit: number): Promise<AdminPayment[]> {
      return (await listPayments(db, status, limit)).map((p) => ({
        paymentId: p.id,
        intentId: p.intentId,
        orderSn: p.orderSn,
        orderStatus: p.orderStatus as OrderStatus,
        providerTxnId: p.providerTxnId,
        amountCents: p.amountCents,
        currency: p.currency as 'CNY',
        status: p.status,
        createdAt: p.createdAt.toISOString(),
      }));
    },
  };
}

export type PaymentService = ReturnType<typeof createPaymentService>;
