import { z } from 'zod';
import { ITEM_KINDS } from '../inventory/stock-keeper.js';
import { ORDER_STATUSES } from '../shared/statuses.js';
import type { Order } from './order-repository.js';
import { ORDER_SN_PATTERN } from './order-sn.js';

const int = z.number().int();
const date = z.iso.date();

export const orderLineViewSchema = z.object({
  itemType: z.enum(ITEM_KINDS),
  itemId: int,
  itemName: z.string(),
  priceCents: int,
  quantity: int,
  subtotalCents: int,
  roomTypeId: int.optional(),
  checkIn: date.optional(),
  checkOut: date.optional(),
  nights: int.optional(),
  visitDate: date.optional(),
  /** When the line starts (departure, check-in, visit day): a paid line can be cancelled and refunded before it. */
  startsOn: date.optional(),
  /** A cancelled line no longer holds its stock; the order is cancelled when no line is left booked. */
  status: z.enum(['booked', 'cancelled']),
});

/** The order as the API shows it; the API document's `Order` is derived from this schema, so the two cannot drift. */
export const orderViewSchema = z.object({
  orderSn: z.string().regex(ORDER_SN_PATTERN),
  status: z.enum(ORDER_STATUSES),
  totalCents: int,
  currency: z.literal('CNY'),
  contactName: z.string(),
  contactPhone: z.string(),
  expiresAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  paidAt: z.iso.datetime().optional(),
  items: z.array(orderLineViewSchema),
});

export type OrderView = z.output<typeof orderViewSchema>;

/** The order as the API shows it: camelCase, ISO instants, integer cents. */
export function orderView(order: Order): OrderView {
  return {
    orderSn: order.orderSn,
    status: order.status,
    totalCents: order.totalCents,
    currency: order.currency as 'CNY',
    contactName: order.contactName,
    contactPhone: order.contactPhone,
    expiresAt: order.expiresAt.toISOString(),
    createdAt: order.createdAt.toISOString(),
    ...(order.paidAt ? { paidAt: order.paidAt.toISOString() } : {}),
    items: order.items.map((l) => ({ ...l, status: l.status ?? 'booked' })),
  };
}
