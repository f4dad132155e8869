import {
  abuseErrors, adminErrors, authErrors, bodyErrors, errors, fromZod, idempotencyKeyHeader, json, ok, ref, userSecurity, withRateLimitHeaders, type ApiDocPart,
} from '../http/api-doc.js';
import { orderSnPathParam } from '../orders/orders-paths.js';
import { callbackSchema, paymentStatus } from './payment-schemas.js';

/** The payments' part of the API document. */
export function paymentsPaths(): ApiDocPart {
  return {
    schemas: { PaymentCallback: fromZod(callbackSchema) },
    paths: {
      '/orders/{orderSn}/pay': {
        post: {
          summary: "The order's one payment intent: 201 when made, 200 after",
          security: userSecurity,
          parameters: [orderSnPathParam, idempotencyKeyHeader],
          responses: withRateLimitHeaders({
            ...ok(201, '{paymentId, intentId, orderSn, amountCents, currency, status}: paymentId and intentId are both the intent\'s id'),
            ...ok(200, 'The existing intent; on a paid order with status succeeded (a cancelled or expired order is 409 ORDER_NOT_PENDING)'),
            ...errors(...authErrors, ...abuseErrors, 'INVALID_HEADER', 'NOT_FOUND', 'ORDER_NOT_PENDING', 'IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_MISMATCH'),
          }),
        },
      },
      '/payments/callback': {
        post: {
          summary: 'Signed provider notification: a payment (deduplicated by providerTxnId) or a refund ({type: "refund"}, deduplicated by providerRefundId)',
          parameters: [{ name: 'Payment-Signature', in: 'header', required: true, schema: { type: 'string' }, description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>; 300 s tolerance' }],
          requestBody: { required: true, ...json({ oneOf: [ref('PaymentCallback'), ref('RefundNotice')] }) },
          responses: {
            ...ok(200, 'A payment: {received: true, duplicate, orderStatus, paymentStatus}; a refund notice: {received: true, duplicate, refundStatus}'),
            ...errors('BAD_SIGNATURE', 'STALE_SIGNATURE', 'CALLBACK_IN_PROGRESS', 'AMOUNT_MISMATCH', 'NOT_FOUND', ...bodyErrors),
          },
        },
      },
      '/admin/payments': {
        get: {
          summary: 'Payments that need a human (e.g. status=refund_required)',
          security: userSecurity,
          parameters: [{ name: 'status', in: 'query', schema: fromZod(paymentStatus) }],
          responses: { ...ok(200, '{payments}'), ...errors(...adminErrors, 'VALIDATION_FAILED') },
        },
      },
    },
  };
}
