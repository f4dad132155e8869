import { z } from 'zod';
import { MAX_LINES } from '../orders/order-schemas.js';
import { ORDER_SN_PATTERN } from '../orders/order-sn.js';
import { REFUND_STATUSES } from './refund-repository.js';

/** The optional body of POST /orders/:orderSn/cancel: the lines to cancel (default: every booked line). */
export const cancelBodySchema = z
  .strictObject({
    lines: z
      .array(z.number({ error: 'must be a line index' }).int('must be a line index').min(0, 'must be a line index'), { error: 'must be a list of line indexes' })
      .min(1, 'must name at least one line')
      .max(MAX_LINES, `must name at most ${MAX_LINES} lines`)
      .refine((xs) => new Set(xs).size === xs.length, 'must not name a line twice'),
  })
  .optional();

/** The provider's notice about a refund, after its signature has been checked. */
export const refundNoticeSchema = z.strictObject({
  type: z.literal('refund'),
  refundId: z.uuid({ error: 'must be a refund id' }),
  providerRefundId: z.string().regex(/^[\x21-\x7e]{1,128}$/, 'must be 1-128 visible ASCII characters'),
  amountCents: z.number().int('must be an integer number of cents').min(1).max(10_000_000_000),
  status: z.enum(['succeeded', 'failed']),
});

export const refundStatus = z.enum(REFUND_STATUSES);
export const listRefundsQuery = z.object({ status: refundStatus.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) });
export const refundIdParam = z.uuid({ error: 'must be a refund id' });
export const paymentIdParam = z.uuid({ error: 'must be a payment id' });

// What refunds answer with: the service's types are these schemas' outputs, and the API document is made from them.
const int = z.number().int();
export const refundViewSchema = z.object({
  refundId: z.uuid(),
  amountCents: int,
  currency: z.literal('CNY'),
  status: refundStatus,
  lines: z.array(int).describe('the order lines refunded (empty: a whole refund_required payment)'),
});
export type RefundView = z.output<typeof refundViewSchema>;

/** GET /admin/refunds: refunds with their order and payment. */
export const adminRefundSchema = refundViewSchema.extend({ orderSn: z.string().regex(ORDER_SN_PATTERN), paymentId: z.uuid(), attempts: int, createdAt: z.iso.datetime() });
export type AdminRefund = z.output<typeof adminRefundSchema>;
export const adminRefundList = z.object({ refunds: z.array(adminRefundSchema) });

/** The answer to a refund notice. */
export const refundNoticeAnswerSchema = z.object({
  received: z.literal(true),
  duplicate: z.boolean().describe('true when this providerRefundId was processed before: nothing changed'),
  refundStatus: refundStatus,
});
