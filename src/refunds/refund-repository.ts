import type { Knex } from 'knex';
import { bytesToId, idToBytes, newId } from '../db/ids.js';

export type RefundStatus = 'pending' | 'succeeded' | 'failed';
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const satisfies readonly RefundStatus[];

/** Money owed back: for some lines of a paid order, or for a whole payment that found its order closed (no lines). */
export type Refund = {
  id: string;
  orderId: string;
  paymentId: string;
  amountCents: number;
  currency: string;
  status: RefundStatus;
  lines: number[];
  providerRefundId: string | null;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
};

type RefundRow = {
  id: Buffer;
  order_id: Buffer;
  payment_id: Buffer;
  amount_cents: number;
  currency: string;
  status: RefundStatus;
  lines: string;
  provider_refund_id: string | null;
  attempts: number;
  created_at: Date;
  updated_at: Date;
};

const toRefund = (r: RefundRow): Refund => ({
  id: bytesToId(r.id),
  orderId: bytesToId(r.order_id),
  paymentId: bytesToId(r.payment_id),
  amountCents: r.amount_cents,
  currency: r.currency,
  status: r.status,
  lines: JSON.parse(r.lines) as number[],
  providerRefundId: r.provider_refund_id,
  attempts: r.attempts,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertRefund(trx: Knex, r: { orderId: string; paymentId: string; amountCents: number; currency: string; lines: number[] }): Promise<Refund> {
  const id = newId();
  const now = new Date();
  await trx('refunds').insert({
    id: idToBytes(id),
    order_id: idToBytes(r.orderId),
    payment_id: idToBytes(r.paymentId),
    amount_cents: r.amountCents,
    currency: r.currency,
    status: 'pending',
    lines: JSON.stringify(r.lines),
    attempts: 1,
    created_at: now,
    updated_at: now,
  });
  return { id, ...r, status: 'pending', providerRefundId: null, attempts: 1, createdAt: now, updatedAt: now };
}

export async function findRefund(db: Knex, refundId: string): Promise<Refund | undefined> {
  const row = await db<RefundRow>('refunds').where({ id: idToBytes(refundId) }).first();
  return row ? toRefund(row) : undefined;
}

export async function refundsOfOrder(db: Knex, orderId: string): Promise<Refund[]> {
  return (await db<RefundRow>('refunds').where({ order_id: idToBytes(orderId) }).orderBy('id')).map(toRefund);
}

/** What refunds not failed already take of a payment: a new refund must fit in what is left of it. */
export async function refundedOf(trx: Knex, paymentId: string): Promise<number> {
  const [row] = await trx('refunds').where({ payment_id: idToBytes(paymentId) }).whereNot({ status: 'failed' }).sum({ n: 'amount_cents' });
  return Number((row as { n: unknown } | undefined)?.n ?? 0);
}

export async function listRefunds(db: Knex, status: RefundStatus | undefined, limit: number): Promise<Array<Refund & { orderSn: string }>> {
  const q = db<RefundRow>('refunds as r').join('orders as o', 'o.id', 'r.order_id').orderBy('r.id', 'desc').limit(limit);
  if (status) q.where('r.status', status);
  const rows: Array<RefundRow & { order_sn: string }> = await q.select('r.*', 'o.order_sn');
  return rows.map((r) => ({ ...toRefund(r), orderSn: r.order_sn }));
}

/** pending → succeeded | failed, once: whichever notification settles it first. */
export async function settleRefund(trx: Knex, refundId: string, status: 'succeeded' | 'failed', providerRefundId: string): Promise<boolean> {
  const changed = await trx('refunds')
    .where({ id: idToBytes(refundId), status: 'pending' })
    .update({ status, provider_refund_id: providerRefundId, updated_at: new Date() });
  return changed === 1;
}

/** pending → failed when the provider did not even take the request (an admin retries it). */
export async function failRefundRequest(db: Knex, refundId: string): Promise<void> {
  await db('refunds').where({ id: idToBytes(refundId), status: 'pending' }).update({ status: 'failed', updated_at: new Date() });
}

/** failed → pending again, for another attempt at the provider. */
export async function reopenFailedRefund(trx: Knex, refundId: string): Promise<boolean> {
  const changed = await trx('refunds')
    .where({ id: idToBytes(refundId), status: 'failed' })
    .update({ status: 'pending', provider_refund_id: null, attempts: trx.raw('attempts + 1'), updated_at: new Date() });
  return changed === 1;
}

/** Every notification the provider sent, once each: a duplicate key means it was processed already. */
export async function insertRefundCallback(trx: Knex, c: { providerRefundId: string; refundId: string; status: 'succeeded' | 'failed'; amountCents: number }): Promise<void> {
  await trx('refund_callbacks').insert({
    provider_refund_id: c.providerRefundId,
    refund_id: idToBytes(c.refundId),
    status: c.status,
    amount_cents: c.amountCents,
    created_at: new Date(),
  });
}

export async function findRefundCallback(db: Knex, providerRefundId: string): Promise<{ refundId: string; status: 'succeeded' | 'failed' } | undefined> {
  const row = await db('refund_callbacks').where({ provider_refund_id: providerRefundId }).first<{ refund_id: Buffer; status: 'succeeded' | 'failed' } | undefined>();
  return row ? { refundId: bytesToId(row.refund_id), status: row.status } : undefined;
}
