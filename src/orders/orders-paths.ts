import { z } from 'zod';
import {
  abuseErrors, authErrors, bodyErrors, dbErrors, errors, fromZod, header, idempotencyKeyHeader, json, ok, operation, ref, stockErrors, withHeaders,
  withRateLimitHeaders, withReplayedHeader, type ApiDocPart, type Json,
} from '../http/api-doc.js';
import { paymentRecordSchema } from '../payments/payment-schemas.js';
import { refundViewSchema } from '../refunds/refund-schemas.js';
import { listOrdersQuery, orderSnParam, placeOrderSchema } from './order-schemas.js';
import { orderViewSchema, type OrderView } from './order-view.js';

export const orderSnPathParam = { name: 'orderSn', in: 'path', required: true, schema: fromZod(orderSnParam), example: 'BD20261201130917KM4FWKK9VG' };

/** GET /orders/{orderSn}: the order as created, with its payments and refunds. */
export const orderDetailSchema = orderViewSchema.extend({ payments: z.array(paymentRecordSchema), refunds: z.array(refundViewSchema) });
/** POST /orders/{orderSn}/cancel: the order, with its refunds. */
export const cancelledOrderSchema = orderViewSchema.extend({ refunds: z.array(refundViewSchema) });
export const orderListSchema = z.object({ orders: z.array(orderViewSchema), nextCursor: z.string().nullable().describe('pass as cursor for the next page; null on the last') });

/** A real answer of POST /orders: the demo tour for two (npm start, README). */
export const orderExample: OrderView = {
  orderSn: 'BD20261201130917KM4FWKK9VG',
  status: 'pending',
  totalCents: 799800,
  currency: 'CNY',
  contactName: 'Alice',
  contactPhone: '+86 138 0000 0000',
  expiresAt: '2026-12-01T13:24:17.881Z',
  createdAt: '2026-12-01T13:09:17.881Z',
  items: [{ itemType: 'route', itemId: 1, itemName: 'Guilin and Yangshuo, 5 days', priceCents: 399900, quantity: 2, subtotalCents: 799800, status: 'booked' }],
};

const listParams = (() => {
  const props = (fromZod(listOrdersQuery) as { properties: Record<string, Json> }).properties;
  return [
    { name: 'status', in: 'query', required: false, schema: props['status'], description: 'only orders in this status' },
    { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
    { name: 'cursor', in: 'query', required: false, schema: props['cursor'], description: 'nextCursor of the previous page' },
  ];
})();

/** The orders' part of the API document; `Order` is the view function's own schema. */
export function ordersPaths(): ApiDocPart {
  return {
    tags: [{ name: 'orders', description: 'Booking, reading and listing orders' }],
    schemas: {
      PlaceOrder: fromZod(placeOrderSchema),
      Order: fromZod(orderViewSchema, 'output'),
      OrderDetail: fromZod(orderDetailSchema, 'output'),
      OrderWithRefunds: fromZod(cancelledOrderSchema, 'output'),
      OrderList: fromZod(orderListSchema, 'output'),
    },
    paths: {
      '/orders': {
        post: operation({
          operationId: 'placeOrder',
          tag: 'orders',
          summary: 'Book one item, or a package of 1 to 10 lines, all or none',
          description:
            'Prices come from the database; hotel stays take every night or none. A user holds at most MAX_PENDING_UNITS_PER_ITEM unpaid units of one item (one night, one day) and MAX_PENDING_ORDERS_PER_USER unpaid orders (409 HOLD_LIMIT_REACHED, details.of units|orders); paying or cancelling frees the allowance at once. Admins and tokens with the claim trusted: true are exempt. A JSON object that names a key twice is 400 MALFORMED_JSON.',
          security: 'user',
          parameters: [idempotencyKeyHeader],
          requestBody: {
            required: true,
            ...json(ref('PlaceOrder'), { itemType: 'route', itemId: 1, quantity: 2, contactName: 'Alice', contactPhone: '+86 138 0000 0000' }),
          },
          responses: withReplayedHeader(withRateLimitHeaders(
            withHeaders(
              {
                ...ok(201, 'The order, pending until paid or expiresAt', ref('Order'), orderExample),
                ...errors(...authErrors, 'INVALID_HEADER', ...bodyErrors, ...abuseErrors, 'NOT_FOUND', 'INSUFFICIENT_STOCK', 'HOLD_LIMIT_REACHED', 'IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_MISMATCH', 'REDIS_UNAVAILABLE', ...stockErrors),
              },
              '201',
              { Location: header('The order: /api/v1/orders/{orderSn} (absolute or from the root)', { type: 'string', pattern: '^(https?://[^/]+)?/api/v1/orders/BD\\d{14}[0-9A-Z]{10}$' }) },
            ),
          )),
        }),
        get: operation({
          operationId: 'listOrders',
          tag: 'orders',
          summary: "The caller's orders, newest first, a page at a time",
          security: 'user',
          parameters: listParams,
          responses: { ...ok(200, 'A page of orders', ref('OrderList'), { orders: [orderExample], nextCursor: null }), ...errors(...authErrors, 'VALIDATION_FAILED', ...dbErrors) },
        }),
      },
      '/orders/{orderSn}': {
        get: operation({
          operationId: 'getOrder',
          tag: 'orders',
          summary: 'The order, its payments and refunds (owner or admin; anyone else 404)',
          security: 'user',
          parameters: [orderSnPathParam],
          responses: {
            ...ok(200, 'The order', ref('OrderDetail'), {
              ...orderExample,
              status: 'paid',
              paidAt: '2026-12-01T13:09:18.123Z',
              payments: [{ paymentId: '01a231b9-50ac-711e-b856-4c06888fbfe3', intentId: '01a231b9-5010-77d6-9154-a28b5fa87b2f', providerTxnId: 'txn-BD20261201130917KM4FWKK9VG', amountCents: 799800, status: 'succeeded' }],
              refunds: [],
            }),
            ...errors(...authErrors, 'VALIDATION_FAILED', 'NOT_FOUND', ...dbErrors),
          },
        }),
      },
    },
  };
}
