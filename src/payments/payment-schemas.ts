import { z } from 'zod';
import { orderSnParam } from '../orders/order-schemas.js';
import { ORDER_SN_PATTERN } from '../orders/order-sn.js';
import { ORDER_STATUSES, PAYMENT_STATUSES } from '../shared/statuses.js';

/** The provider's notification body, after its signature has been checked. */
export const callbackSchema = z.strictObject({
  type: z.literal('payment').optional(),
  paymentId: z.uuid({ error: 'must be a payment id' }),
  orderSn: orderSnParam,
  providerTxnId: z.string().regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 visible ASCII characters'),
  amountCents: z.number().int('must be an integer number of cents').min(0).max(10_000_000_000),
  status: z.enum(['succeeded', 'failed']),
});
export type Callback = z.output<typeof callbackSchema>;

export const paymentStatus = z.enum(PAYMENT_STATUSES);

export const listPaymentsQuery = z.object({
  status: paymentStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// What the payments answer with: the service's types are these schemas' outputs, and the API document is made from them.
const int = z.number().int();
const orderStatusOrUnknown = z.enum([...ORDER_STATUSES, 'unknown']);

/** POST /orders/{orderSn}/pay: the order's one intent; `paymentId` is the intent's id, which callbacks carry. */
export const intentViewSchema = z.object({
  paymentId: z.uuid().describe("the intent's id: what the provider is given and its callbacks carry"),
  intentId: z.uuid().describe('the same id, under the name GET /orders/{orderSn} uses beside each payment\'s own paymentId'),
  orderSn: z.string().regex(ORDER_SN_PATTERN),
  amountCents: int,
  currency: z.literal('CNY'),
  status: z.enum(['succeeded', 'requires_payment']),
});
export type IntentView = z.output<typeof intentViewSchema>;

/** One entry of an order's `payments`: a recorded provider transaction, or (before any) the intent awaiting payment. */
export const paymentRecordSchema = z.object({
  paymentId: z.uuid().nullable().describe("this payment's own id; null while only the intent exists"),
  intentId: z.uuid().describe("the order's intent: the paymentId that POST /pay answers and callbacks carry"),
  providerTxnId: z.string().nullable(),
  amountCents: int,
  status: z.enum([...PAYMENT_STATUSES, 'requires_payment']),
});
export type PaymentRecord = z.output<typeof paymentRecordSchema>;

/** GET /admin/payments: payments with their order. */
export const adminPaymentSchema = z.object({
  paymentId: z.uuid(),
  intentId: z.uuid(),
  orderSn: z.string().regex(ORDER_SN_PATTERN),
  orderStatus: z.enum(ORDER_STATUSES),
  providerTxnId: z.string(),
  amountCents: int,
  currency: z.literal('CNY'),
  status: paymentStatus,
  createdAt: z.iso.datetime(),
});
export type AdminPayment = z.output<typeof adminPaymentSchema>;
export const adminPaymentList = z.object({ payments: z.array(adminPaymentSchema) });

/** The answer to a payment notification. */
export const callbackAnswerSchema = z.object({
  received: z.literal(true),
  duplicate: z.boolean().describe('true when this providerTxnId was processed before: nothing changed'),
  orderStatus: orderStatusOrUnknown,
  paymentStatus: paymentStatus.describe('what this transaction was recorded as'),
});
