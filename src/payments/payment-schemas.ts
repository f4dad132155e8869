import { z } from 'zod';
import { orderSnParam } from '../orders/order-schemas.js';
import { PAYMENT_STATUSES } from '../shared/statuses.js';

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
