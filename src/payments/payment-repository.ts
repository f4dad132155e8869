import type { Knex } from 'knex';
import { bytesToId, idToBytes, newId } from '../db/ids.js';
import type { PaymentStatus } from '../shared/statuses.js';

/** The order's one payment intent: what the provider is asked to charge. */
export type Intent = { id: string; orderId: string; amountCents: number; currency: string };
/** One provider transaction, as recorded. */
export type Payment = { id: string; intentId: string; orderId: string; providerTxnId: string; amountCents: number; currency: string; status: PaymentStatus; createdAt: Date };

type IntentRow = { id: Buffer; order_id: Buffer; amount_cents: number; currency: string };
type PaymentRow = { id: Buffer; intent_id: Buffer; order_id: Buffer; provider_txn_id: string; amount_cents: number; currency: string; status: PaymentStatus; created_at: Date };

const toIntent = (r: IntentRow): Intent => ({ id: bytesToId(r.id), orderId: bytesToId(r.order_id), amountCents: r.amount_cents, currency: r.currency });
const toPayment = (r: PaymentRow): Payment => ({
  id: bytesToId(r.id),
  intentId: bytesToId(r.intent_id),
  orderId: bytesToId(r.order_id),
  providerTxnId: r.provider_txn_id,
  amountCents: r.amount_cents,
  currency: r.currency,
  status: r.status,
  createdAt: r.created_at,
});

export async function findIntent(db: Knex, intentId: string): Promise<Intent | undefined> {
  const row = await db<IntentRow>('payment_intents').where({ id: idToBytes(intentId) }).first();
  return row ? toIntent(row) : undefined;
}

export async function findIntentOfOrder(db: Knex, orderId: string): Promise<Intent | undefined> {
  const row = await db<IntentRow>('payment_intents').where({ order_id: idToBytes(orderId) }).first();
  return row ? toIntent(row) : undefined;
}

/** Makes the order's intent unless one exists; the unique order_id makes concurrent calls converge. Returns the one that exists. */
export async function insertIntentOnce(db: Knex, intent: Omit<Intent, 'id'>): Promise<{ intent: Intent; created: boolean }> {
  const id = newId();
  await db('payment_intents')
    .insert({ id: idToBytes(id), order_id: idToBytes(intent.orderId), amount_cents: intent.amountCents, currency: intent.currency, created_at: new Date() })
    .onConflict('order_id')
    .ignore();
  const stored = (await findIntentOfOrder(db, intent.orderId)) as Intent;
  return { intent: stored, created: stored.id === id };
}

export async function insertPayment(trx: Knex, intent: Intent, txn: { providerTxnId: string; amountCents: number }, status: PaymentStatus): Promise<void> {
  await trx('payments').insert({
    id: idToBytes(newId()),
    intent_id: idToBytes(intent.id),
    order_id: idToBytes(intent.orderId),
    provider_txn_id: txn.providerTxnId,
    amount_cents: txn.amountCents,
    currency: intent.currency,
    status,
    created_at: new Date(),
  });
}

/** The recorded transaction and its order's current status, if the provider's transaction id is known. */
export async function findPaymentByTxn(db: Knex, providerTxnId: string): Promise<{ payment: Payment; orderStatus: string } | undefined> {
  const row = await db<PaymentRow & { order_status: string }>('payments as p')
    .join('orders as o', 'o.id', 'p.order_id')
    .where('p.provider_txn_id', providerTxnId)
    .first('p.*', 'o.status as order_status');
  return row ? { payment: toPayment(row), orderStatus: row.order_status } : undefined;
}

export async function findPayment(db: Knex, paymentId: string): Promise<Payment | undefined> {
  const row = await db<PaymentRow>('payments').where({ id: idToBytes(paymentId) }).first();
  return row ? toPayment(row) : undefined;
}

/** The payment that paid the order, its row locked until the transaction ends: refunds of it serialise on it. */
export async function lockSucceededPayment(trx: Knex.Transaction, orderId: string): Promise<Payment | undefined> {
  const row = await trx<PaymentRow>('payments').where({ order_id: idToBytes(orderId), status: 'succeeded' }).orderBy('created_at').forUpdate().first();
  return row ? toPayment(row) : undefined;
}

/** A payment's status, its row locked until the transaction ends. */
export async function lockPaymentStatus(trx: Knex.Transaction, paymentId: string): Promise<PaymentStatus | undefined> {
  const row = await trx('payments').where({ id: idToBytes(paymentId) }).forUpdate().first<{ status: PaymentStatus } | undefined>('status');
  return row?.status;
}

export async function paymentsOfOrder(db: Knex, orderId: string): Promise<Payment[]> {
  return (await db<PaymentRow>('payments').where({ order_id: idToBytes(orderId) }).orderBy('created_at')).map(toPayment);
}

export async function listPayments(db: Knex, status: PaymentStatus | undefined, limit: number): Promise<Array<Payment & { orderSn: string; orderStatus: string }>> {
  const q = db<PaymentRow>('payments as p').join('orders as o', 'o.id', 'p.order_id').orderBy('p.created_at', 'desc').limit(limit);
  if (status) q.where('p.status', status);
  // A refund_required payment whose refund is under way or done no longer needs a human.
  if (status === 'refund_required') q.whereRaw("NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_id = p.id AND r.status IN ('pending', 'succeeded'))");
  const rows: Array<PaymentRow & { order_sn: string; order_status: string }> = await q.select('p.*', 'o.order_sn', 'o.status as order_status');
  return rows.map((r) => ({ ...toPayment(r), orderSn: r.order_sn, orderStatus: r.order_status }));
}
