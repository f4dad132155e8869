/** The order's life: pending → paid | cancelled | expired. */
export const ORDER_STATUSES = ['pending', 'paid', 'cancelled', 'expired'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Orders that hold stock: sold must equal the sum of their quantities, for every stock row. */
export const LIVE_ORDER_STATUSES = ['pending', 'paid'] as const satisfies readonly OrderStatus[];

/** What a recorded provider transaction came to. */
export const PAYMENT_STATUSES = ['succeeded', 'failed', 'amount_mismatch', 'refund_required'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
