import { abuseErrors, adminErrors, authErrors, bodyErrors, errors, fromZod, json, ok, ref, stockErrors, userSecurity, withRateLimitHeaders, type ApiDocPart } from '../http/api-doc.js';
import { orderSnPathParam } from '../orders/orders-paths.js';
import { cancelBodySchema, refundNoticeSchema, refundStatus } from './refund-schemas.js';

const uuidParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });

/** Cancellations and refunds' part of the API document. */
export function refundsPaths(): ApiDocPart {
  return {
    schemas: {
      RefundNotice: fromZod(refundNoticeSchema),
      Refund: {
        type: 'object',
        required: ['refundId', 'amountCents', 'currency', 'status', 'lines'],
        properties: {
          refundId: { type: 'string', format: 'uuid' },
          amountCents: { type: 'integer' },
          currency: { const: 'CNY' },
          status: fromZod(refundStatus),
          lines: { type: 'array', items: { type: 'integer' }, description: 'the order lines refunded (empty: a whole refund_required payment)' },
        },
      },
    },
    paths: {
      '/orders/{orderSn}/cancel': {
        post: {
          summary:
            'Cancel the order, or some lines ({"lines": [0, 2]}): a pending order gives the stock back; a paid order, before every cancelled line starts, gives it back and is refunded their subtotals',
          security: userSecurity,
          parameters: [orderSnPathParam],
          requestBody: { required: false, ...json(fromZod(cancelBodySchema.unwrap())) },
          responses: withRateLimitHeaders({
            ...ok(200, 'The order, with its refunds', ref('Order')),
            ...errors(...authErrors, ...bodyErrors, ...abuseErrors, 'NOT_FOUND', 'ORDER_NOT_PENDING', 'NOT_CANCELLABLE', ...stockErrors),
          }),
        },
      },
      '/admin/refunds': {
        get: {
          summary: 'Refunds by status (e.g. status=failed)',
          security: userSecurity,
          parameters: [{ name: 'status', in: 'query', schema: fromZod(refundStatus) }],
          responses: { ...ok(200, '{refunds}'), ...errors(...adminErrors, 'VALIDATION_FAILED') },
        },
      },
      '/admin/refunds/{refundId}/retry': {
        post: {
          summary: 'Ask the provider again for a failed refund',
          security: userSecurity,
          parameters: [uuidParam('refundId')],
          responses: { ...ok(200, 'The refund, pending again', ref('Refund')), ...errors(...adminErrors, 'VALIDATION_FAILED', 'NOT_FOUND', 'REFUND_NOT_ALLOWED') },
        },
      },
      '/admin/payments/{paymentId}/refund': {
        post: {
          summary: 'Refund a refund_required payment (money that arrived for an order that had closed), whole',
          security: userSecurity,
          parameters: [uuidParam('paymentId')],
          responses: { ...ok(201, 'The refund', ref('Refund')), ...errors(...adminErrors, 'VALIDATION_FAILED', 'NOT_FOUND', 'REFUND_NOT_ALLOWED') },
        },
      },
    },
  };
}
