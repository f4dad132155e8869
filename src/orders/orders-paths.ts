import {
  abuseErrors, authErrors, bodyErrors, errors, fromZod, idempotencyKeyHeader, json, ok, ref, stockErrors, userSecurity, withRateLimitHeaders, type ApiDocPart,
} from '../http/api-doc.js';
import { orderSnParam, orderStatus, placeOrderSchema } from './order-schemas.js';
import { orderViewSchema } from './order-view.js';

export const orderSnPathParam = { name: 'orderSn', in: 'path', required: true, schema: fromZod(orderSnParam) };

/** The orders' part of the API document; `Order` is the view function's own schema. */
export function ordersPaths(): ApiDocPart {
  return {
    schemas: {
      PlaceOrder: fromZod(placeOrderSchema),
      Order: fromZod(orderViewSchema, 'output'),
    },
    paths: {
      '/orders': {
        post: {
          summary: 'Book one item, or a package ({items: [...]}, 1 to 10 lines, all or none); prices come from the database; hotel stays take every night or none',
          security: userSecurity,
          parameters: [idempotencyKeyHeader],
          requestBody: { required: true, ...json(ref('PlaceOrder')) },
          description:
            'A user holds at most MAX_PENDING_UNITS_PER_ITEM unpaid units of one item (one night, one day) and MAX_PENDING_ORDERS_PER_USER unpaid orders (409 HOLD_LIMIT_REACHED, details.of units|orders); paying or cancelling frees the allowance at once. Admins and tokens with the claim trusted: true are exempt.',
          responses: withRateLimitHeaders({
            ...ok(201, 'The order, pending until paid or expiresAt', ref('Order')),
            ...errors(...authErrors, ...bodyErrors, ...abuseErrors, 'INVALID_HEADER', 'NOT_FOUND', 'INSUFFICIENT_STOCK', 'HOLD_LIMIT_REACHED', 'IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_MISMATCH', 'REDIS_UNAVAILABLE', ...stockErrors),
          }),
        },
        get: {
          summary: "The caller's orders, newest first",
          security: userSecurity,
          parameters: [
            { name: 'status', in: 'query', schema: fromZod(orderStatus) },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page' },
          ],
          responses: { ...ok(200, '{orders, nextCursor}'), ...errors(...authErrors, 'VALIDATION_FAILED') },
        },
      },
      '/orders/{orderSn}': {
        get: {
          summary: 'The order and its payments (owner or admin; anyone else 404)',
          security: userSecurity,
          parameters: [orderSnPathParam],
          responses: { ...ok(200, 'The order', ref('Order')), ...errors(...authErrors, 'VALIDATION_FAILED', 'NOT_FOUND') },
        },
      },
    },
  };
}
