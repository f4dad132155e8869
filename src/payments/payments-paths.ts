import {
  abuseErrors, adminErrors, authErrors, bodyErrors, dbErrors, errors, fromZod, json, ok, operation, payIdempotencyKeyHeader, ref, unwantedBodyErrors,
  withRateLimitHeaders, withReplayedHeader, type ApiDocPart,
} from '../http/api-doc.js';
import { orderSnPathParam } from '../orders/orders-paths.js';
import { adminPaymentList, callbackAnswerSchema, callbackSchema, intentViewSchema, listPaymentsQuery, paymentStatus } from './payment-schemas.js';
import { refundNoticeAnswerSchema } from '../refunds/refund-schemas.js';

const intentExample = { paymentId: '01a231b9-5010-77d6-9154-a28b5fa87b2f', intentId: '01a231b9-5010-77d6-9154-a28b5fa87b2f', orderSn: 'BD20261201130917KM4FWKK9VG', amountCents: 799800, currency: 'CNY', status: 'requires_payment' };
const limitSchema = (fromZod(listPaymentsQuery) as { properties: Record<string, unknown> }).properties['limit'];

/** The payments' part of the API document. */
export function paymentsPaths(): ApiDocPart {
  return {
    tags: [
      { name: 'payments', description: "An order's payment intent, and the payment provider's signed notifications" },
      { name: 'admin', description: 'Catalogue writes and the lists a person works through (admin token)' },
    ],
    schemas: {
      PaymentCallback: fromZod(callbackSchema),
      PaymentIntent: fromZod(intentViewSchema, 'output'),
      PaymentCallbackAnswer: fromZod(callbackAnswerSchema, 'output'),
      RefundNoticeAnswer: fromZod(refundNoticeAnswerSchema, 'output'),
      AdminPaymentList: fromZod(adminPaymentList, 'output'),
    },
    paths: {
      '/orders/{orderSn}/pay': {
        post: operation({
          operationId: 'payOrder',
          tag: 'payments',
          summary: "The order's one payment intent: 201 when made, 200 after",
          description:
            'Takes no body. The intent asks for what is left to pay (lines cancelled meanwhile are not paid for); `paymentId` is the intent id the provider echoes in its callback. A paid order answers its intent again (200, status succeeded); a cancelled or expired order is 409 ORDER_NOT_PENDING.',
          security: 'user',
          parameters: [orderSnPathParam, payIdempotencyKeyHeader],
          responses: withReplayedHeader(
            withRateLimitHeaders({
              ...ok(201, 'The intent, made now', ref('PaymentIntent'), intentExample),
              ...ok(200, 'The intent that exists already', ref('PaymentIntent'), intentExample),
              ...errors(...authErrors, 'INVALID_HEADER', ...unwantedBodyErrors, 'VALIDATION_FAILED', ...abuseErrors, 'NOT_FOUND', 'ORDER_NOT_PENDING', 'IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_MISMATCH', 'LOCK_UNAVAILABLE', 'REDIS_UNAVAILABLE', ...dbErrors),
            }),
          ),
        }),
      },
      '/payments/callback': {
        post: operation({
          operationId: 'receivePaymentNotification',
          tag: 'payments',
          summary: 'Signed provider notification: a payment, or a refund ({type: "refund"})',
          description:
            'Payments are deduplicated by providerTxnId, refunds by providerRefundId: a redelivery answers 200 with duplicate: true, one that finds the first still in progress 409 CALLBACK_IN_PROGRESS (the provider retries). An amount that is not what is left to pay is 422 AMOUNT_MISMATCH and is recorded; a success for an order closed meanwhile takes its stock again if it is there, else is kept as refund_required.',
          security: 'public',
          parameters: [
            {
              name: 'Payment-Signature',
              in: 'header',
              required: true,
              schema: { type: 'string', maxLength: 1024 },
              example: 't=1809163800,v1=5f2b0c0d9e0a3c1c1f3e2f8b1a4d6e7c9b0a1d2e3f405162738495a6b7c8d9e0',
              description: 't=<unix seconds>,v1=<hex HMAC-SHA256(PAYMENT_WEBHOOK_SECRET, "<t>.<raw body>")>, over the exact bytes sent; 300 s tolerance',
            },
          ],
          requestBody: {
            required: true,
            ...json(
              { oneOf: [ref('PaymentCallback'), ref('RefundNotice')] },
              { paymentId: intentExample.paymentId, orderSn: intentExample.orderSn, providerTxnId: 'txn-BD20261201130917KM4FWKK9VG', amountCents: 799800, status: 'succeeded' },
            ),
          },
          responses: {
            ...ok(
              200,
              'Received (or received before: duplicate true)',
              { oneOf: [ref('PaymentCallbackAnswer'), ref('RefundNoticeAnswer')] },
              { received: true, duplicate: false, orderStatus: 'paid', paymentStatus: 'succeeded' },
            ),
            ...errors('BAD_SIGNATURE', 'STALE_SIGNATURE', 'CALLBACK_IN_PROGRESS', 'AMOUNT_MISMATCH', 'NOT_FOUND', ...bodyErrors, 'REDIS_UNAVAILABLE', 'LOCK_BUSY', 'LOCK_UNAVAILABLE', 'LEASE_EXPIRED', ...dbErrors),
          },
        }),
      },
      '/admin/payments': {
        get: operation({
          operationId: 'listPayments',
          tag: 'admin',
          summary: 'Payments that need a human (e.g. status=refund_required), newest first',
          security: 'admin',
          parameters: [
            { name: 'status', in: 'query', required: false, schema: fromZod(paymentStatus) },
            { name: 'limit', in: 'query', required: false, schema: limitSchema },
          ],
          responses: {
            ...ok(200, 'The payments', ref('AdminPaymentList'), { payments: [] }),
            ...errors(...adminErrors, 'VALIDATION_FAILED', ...dbErrors),
          },
        }),
      },
    },
  };
}
