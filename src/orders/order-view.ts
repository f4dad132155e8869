import type { Order } from './order-repository.js';

/** The order as the API shows it: camelCase, ISO instants, integer cents. */
export function orderView(order: Order) {
  return {
    orderSn: order.orderSn,
    status: order.status,
    totalCents: order.totalCents,
    currency: order.currency,
    contactName: order.contactName,
    contactPhone: order.contactPhone,
    expiresAt: order.expiresAt.toISOString(),
    createdAt: order.createdAt.toISOString(),
    ...(order.paidAt ? { paidAt: order.paidAt.toISOString() } : {}),
    items: order.items.map((l) => ({ ...l })),
  };
}
