import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { AmountMismatchError, AppError, NotCancellableError, NotFoundError, OrderNotPendingError, RefundNotAllowedError, ValidationError } from '../errors.js';
import { keeperOf } from '../inventory/keepers.js';
import type { OrderLine } from '../inventory/stock-keeper.js';
import type { UnderLeases } from '../locks/leased-transaction.js';
import type { Faults } from '../ops/faults.js';
import type { Metrics } from '../ops/metrics.js';
import { cancelLines, closePaidOrder, findOrderBySn, lockLines, lockOrderStatus, type Order } from '../orders/order-repository.js';
import { lockKeysOf, type OrderService } from '../orders/order-service.js';
import type { CallbackMarkers } from '../payments/callback-markers.js';
import { findPayment, lockPaymentStatus, lockSucceededPayment } from '../payments/payment-repository.js';
import { todayUtc } from '../shared/calendar.js';
import type { Principal } from '../shared/principal.js';
import type { RefundNotice, RefundProvider } from './refund-provider.js';
import type { AdminRefund, RefundView } from './refund-schemas.js';
import {
  failRefundRequest, findRefund, findRefundCallback, insertRefund, insertRefundCallback, listRefunds, refundedOf, refundsOfOrder, reopenFailedRefund, settleRefund,
  type Refund, type RefundStatus,
} from './refund-repository.js';

type Deps = {
  db: Knex;
  underLeases: UnderLeases;
  orderService: OrderService;
  markers: CallbackMarkers;
  metrics: Metrics;
  faults: Faults;
  log: Logger;
};

export const refundView = (r: Refund): RefundView => ({ refundId: r.id, amountCents: r.amountCents, currency: r.currency as 'CNY', status: r.status, lines: r.lines });

/**
 * Cancellations, and the refunds they make: a paid order's lines are cancelled before they start, their stock given
 * back under their items' leases and a refund of their subtotals recorded in the same transaction, exactly once; the
 * provider is asked for the money afterwards and reports on the signed callback. Refunds never add up to more than
 * the payment they come out of.
 */
export function createRefundService({ db, underLeases, orderService, markers, metrics, faults, log }: Deps, makeProvider: (deliver: (n: RefundNotice) => Promise<unknown>) => RefundProvider) {
  const provider = makeProvider((notice) => receiveNotice(notice));

  /** Asks the provider; a request it did not take leaves the refund failed, for an admin to retry. */
  async function askProvider(refund: Refund): Promise<void> {
    const payment = await findPayment(db, refund.paymentId);
    try {
      await provider.request({ refundId: refund.id, attempt: refund.attempts, providerTxnId: payment?.providerTxnId ?? '', amountCents: refund.amountCents, currency: refund.currency });
    } catch (err) {
      log.warn({ err, refundId: refund.id }, 'refund request not taken by the provider; the refund is failed until retried');
      await failRefundRequest(db, refund.id);
    }
  }

  /** Cancels lines of a paid order (all booked lines by default) and records their refund; undefined if none was left. */
  async function cancelPaid(order: Order, lineNos: readonly number[]): Promise<Refund | 'changed' | undefined> {
    const asked = lineNos.filter((i) => order.items[i]?.status !== 'cancelled');
    if (asked.length === 0) return undefined;
    const today = todayUtc();
    for (const i of asked) {
      const start = (order.items[i] as OrderLine).startsOn;
      if (start !== undefined && start <= today) throw new NotCancellableError(i, start);
    }
    const refund = await underLeases(lockKeysOf(asked.map((i) => order.items[i] as OrderLine)), async (trx) => {
      if ((await lockOrderStatus(trx, order.id)) !== 'paid') return 'changed' as const;
      const booked = (await lockLines(trx, order.id)).filter((l) => l.status === 'booked').map((l) => l.lineNo);
      const now = booked.filter((n) => asked.includes(n));
      if (now.length === 0) return undefined;
      const payment = await lockSucceededPayment(trx, order.id);
      if (!payment) throw new AppError('INTERNAL', `paid order ${order.orderSn} has no succeeded payment`);
      const lines = now.map((n) => order.items[n] as OrderLine);
      const amount = lines.reduce((sum, l) => sum + l.subtotalCents, 0);
      // Never more than was paid, whatever refunds came before.
      if ((await refundedOf(trx, payment.id)) + amount > payment.amountCents) throw new AppError('INTERNAL', `refunds of order ${order.orderSn} would exceed its payment`);
      if (!(await cancelLines(trx, order.id, now))) return 'changed' as const;
      for (const line of lines) await keeperOf(line.itemType).release(trx, line);
      if (now.length === booked.length) await closePaidOrder(trx, order.id);
      const made = await insertRefund(trx, { orderId: order.id, paymentId: payment.id, amountCents: amount, currency: payment.currency, lines: now });
      await faults.at('release.beforeCommit');
      return made;
    });
    if (refund && refund !== 'changed') {
      metrics.refunds.inc({ reason: 'cancelled' });
      await askProvider(refund);
    }
    return refund;
  }

  async function receiveNotice(notice: RefundNotice) {
    const answer = (status: string, duplicate: boolean) => ({ status: 200, body: { received: true, duplicate, refundStatus: status } });
    const seen = await findRefundCallback(db, notice.providerRefundId);
    if (seen) return answer(seen.status, true);
    const marker = await markers.claim(`refund:${notice.providerRefundId}`);
    if (marker.taken) {
      const finished = await findRefundCallback(db, notice.providerRefundId);
      if (finished) return answer(finished.status, true);
      throw new AppError('CALLBACK_IN_PROGRESS', 'This refund notice is being processed; retry later', { providerRefundId: notice.providerRefundId }, 1);
    }
    try {
      await faults.at('payment.afterMarker');
      const refund = await findRefund(db, notice.refundId);
      if (!refund) throw new NotFoundError(`Refund ${notice.refundId}`);
      if (notice.amountCents !== refund.amountCents) throw new AmountMismatchError(refund.amountCents, notice.amountCents);
      const status = await db.transaction(async (trx) => {
        await insertRefundCallback(trx, { providerRefundId: notice.providerRefundId, refundId: refund.id, status: notice.status, amountCents: notice.amountCents });
        if (await settleRefund(trx, refund.id, notice.status, notice.providerRefundId)) return notice.status as RefundStatus;
        // Settled already by another attempt's notice: recorded, and the refund stays as it is.
        log.warn({ refundId: refund.id, providerRefundId: notice.providerRefundId, current: refund.status }, 'refund notice for a refund that is not pending');
        return ((await findRefund(trx, refund.id)) as Refund).status;
      });
      metrics.paymentCallbacks.inc({ result: `refund_${status}` });
      return answer(status, false);
    } catch (err) {
      await marker.release();
      if ((err as { errno?: number }).errno === 1062) {
        const finished = await findRefundCallback(db, notice.providerRefundId);
        if (finished) return answer(finished.status, true);
      }
      throw err;
    }
  }

  return {
    /**
     * The owner's cancel of an order, or of some of its lines: a pending order's lines give their stock back; a paid
     * order's lines, before they start, give their stock back and are refunded. A repeat changes nothing.
     */
    async cancelOrder(principal: Principal, orderSn: string, lineNos?: readonly number[]): Promise<Order> {
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const order = await findOrderBySn(db, orderSn);
        if (!order || order.userId !== principal.userId) throw new NotFoundError(`Order ${orderSn}`);
        const asked = lineNos ?? order.items.map((_, i) => i);
        const outside = asked.filter((i) => i >= order.items.length);
        if (outside.length > 0) {
          throw new ValidationError(outside.map((i) => ({ path: `body.lines[${asked.indexOf(i)}]`, message: `must be a line of this order, 0 to ${order.items.length - 1}` })));
        }
        if (order.status === 'cancelled') return order;
        if (order.status === 'expired') throw new OrderNotPendingError(order.status, 'cancelled');
        const done = order.status === 'pending' ? await orderService.cancelPendingLines(order, asked) : await cancelPaid(order, asked);
        if (done !== 'changed' && done !== false) return (await findOrderBySn(db, orderSn)) as Order;
        // Paid, expired or cancelled meanwhile: look again.
      }
      throw new AppError('DATABASE_UNAVAILABLE', 'The order kept changing; try again', undefined, 1);
    },

    receiveNotice,

    async refundsOf(order: Order) {
      return (await refundsOfOrder(db, order.id)).map(refundView);
    },

    async list(status: RefundStatus | undefined, limit: number): Promise<AdminRefund[]> {
      return (await listRefunds(db, status, limit)).map((r) => ({ ...refundView(r), orderSn: r.orderSn, paymentId: r.paymentId, attempts: r.attempts, createdAt: r.createdAt.toISOString() }));
    },

    /** An admin's second try at a failed refund. */
    async retry(refundId: string) {
      const refund = await findRefund(db, refundId);
      if (!refund) throw new NotFoundError(`Refund ${refundId}`);
      if (!(await reopenFailedRefund(db, refundId))) throw new RefundNotAllowedError(`Refund ${refundId} is ${refund.status}; only a failed refund is retried`, { status: refund.status });
      const reopened = (await findRefund(db, refundId)) as Refund;
      await askProvider(reopened);
      return refundView((await findRefund(db, refundId)) as Refund);
    },

    /** Money that arrived for an order that had closed (refund_required) goes back, whole, once. */
    async refundPayment(paymentId: string) {
      const payment = await findPayment(db, paymentId);
      if (!payment) throw new NotFoundError(`Payment ${paymentId}`);
      const refund = await db.transaction(async (trx) => {
        const status = await lockPaymentStatus(trx, paymentId);
        if (status !== 'refund_required') throw new RefundNotAllowedError(`Payment ${paymentId} is ${status ?? 'unknown'}; only a refund_required payment is refunded this way`, { status });
        if ((await refundedOf(trx, paymentId)) > 0) throw new RefundNotAllowedError(`Payment ${paymentId} is being refunded already`, { status: 'refund_required' });
        return insertRefund(trx, { orderId: payment.orderId, paymentId, amountCents: payment.amountCents, currency: payment.currency, lines: [] });
      });
      metrics.refunds.inc({ reason: 'refund_required' });
      await askProvider(refund);
      return refundView((await findRefund(db, refund.id)) as Refund);
    },
  };
}

export type RefundService = ReturnType<typeof createRefundService>;
