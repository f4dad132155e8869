import {
  abuseErrors, adminErrors, authErrors, bodyErrors, dbErrors, errors, fromZod, json, ok, operation, ref, stockErrors, unwantedBodyErrors, withRateLimitHeaders, type ApiDocPart,
} from '../http/api-doc.js';
import { orderExample, orderSnPathParam } from '../orders/orders-paths.js';
import { adminRefundList, cancelBodySchema, listRefundsQuery, refundStatus, refundViewSchema, refundNoticeSchema } from './refund-schemas.js';

const uuidParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, example: '0190f3c2-7d1e-7a4b-9c3d-2e1f0a9b8c7d' });
const refundExample = { refundId: '01a231b9-50fa-7352-86df-b4ff56083377', amountCents: 799800, currency: 'CNY', status: 'pending', lines: [0] };
const limitSchema = (fromZod(listRefundsQuery) as { properties: Record<string, unknown> }).properties['limit'];

/** Cancellations and refunds' part of the API document. */
export function refundsPaths(): ApiDocPart {
  return {
    tags: [{ name: 'refunds', description: 'Cancelling an order or some of its lines, and the refunds of paid lines' }],
    schemas: {
      RefundNotice: fromZod(refundNoticeSchema),
      Refund: fromZod(refundViewSchema, 'output'),
      AdminRefundList: fromZod(adminRefundList, 'output'),
    },
    paths: {
      '/orders/{orderSn}/cancel': {
        post: operation({
          operationId: 'cancelOrder',
          tag: 'refunds',
          summary: 'Cancel the order, or some lines ({"lines": [0, 2]})',
          description:
            'A pending order gives the stock back; a paid order, before every cancelled line starts, gives it back and is refunded their subtotals. The order is cancelled when no line is left booked. Cancelling a cancelled order answers it again (200); an expired order is 409 ORDER_NOT_PENDING; a paid line that started is 409 NOT_CANCELLABLE.',
          security: 'user',
          parameters: [orderSnPathParam],
          requestBody: { required: false, ...json(fromZod(cancelBodySchema.unwrap()), { lines: [0] }) },
          responses: withRateLimitHeaders({
            ...ok(200, 'The order, with its refunds', ref('OrderWithRefunds'), { ...orderExample, status: 'cancelled', paidAt: '2026-12-01T13:09:18.123Z', items: orderExample.items.map((l) => ({ ...l, status: 'cancelled' })), refunds: [refundExample] }),
            ...errors(...authErrors, ...bodyErrors, ...abuseErrors, 'NOT_FOUND', 'ORDER_NOT_PENDING', 'NOT_CANCELLABLE', 'REDIS_UNAVAILABLE', ...stockErrors),
          }),
        }),
      },
      '/admin/refunds': {
        get: operation({
          operationId: 'listRefunds',
          tag: 'admin',
          summary: 'Refunds by status (e.g. status=failed), newest first',
          security: 'admin',
          parameters: [
            { name: 'status', in: 'query', required: false, schema: fromZod(refundStatus) },
            { name: 'limit', in: 'query', required: false, schema: limitSchema },
          ],
          responses: { ...ok(200, 'The refunds', ref('AdminRefundList'), { refunds: [] }), ...errors(...adminErrors, 'VALIDATION_FAILED', ...dbErrors) },
        }),
      },
      '/admin/refunds/{refundId}/retry': {
        post: operation({
          operationId: 'retryRefund',
          tag: 'admin',
          summary: 'Ask the provider again for a failed refund',
          security: 'admin',
          parameters: [uuidParam('refundId')],
          responses: {
            ...ok(200, 'The refund, pending again (or failed again when the provider refused once more)', ref('Refund'), refundExample),
            ...errors(...adminErrors, ...unwantedBodyErrors, 'VALIDATION_FAILED', 'NOT_FOUND', 'REFUND_NOT_ALLOWED', ...dbErrors),
          },
        }),
      },
      '/admin/payments/{paymentId}/refund': {
        post: operation({
          operationId: 'refundPayment',
          tag: 'admin',
          summary: 'Refund a refund_required payment (money that arrived for an order that had closed), whole',
          security: 'admin',
          parameters: [uuidParam('paymentId')],
          responses: {
            ...ok(201, 'The refund', ref('Refund'), { ...refundExample, lines: [] }),
            ...errors(...adminErrors, ...unwantedBodyErrors, 'VALIDATION_FAILED', 'NOT_FOUND', 'REFUND_NOT_ALLOWED', ...dbErrors),
          },
        }),
      },
    },
  };
}
