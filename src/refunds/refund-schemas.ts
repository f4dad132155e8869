import { z } from 'zod';
import { MAX_LINES } from '../orders/order-schemas.js';
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
