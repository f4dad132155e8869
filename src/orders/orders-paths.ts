import {
  authErrors, bodyErrors, errors, fromZod, idempotencyKeyHeader, json, ok, ref, stockErrors, userSecurity, type ApiDocPart,
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
          responses: {
            ...ok(201, 'The order, pending until paid or expiresAt', ref('Order')),
            ...errors(...authErrors, ...bodyErrors, 'NOT_FOUND', 'INSUFFICIENT_STOCK', 'IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_MISMATCH', 'REDIS_UNAVAILABLE', ...stockErrors),
          },
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
