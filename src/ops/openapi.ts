import { z } from 'zod';
import {
  createHotelSchema, createRoomTypeSchema, createRouteSchema, createScenicSpotSchema, patchRoomTypeSchema, patchRouteSchema, patchScenicSpotSchema,
} from '../catalog/catalog-schemas.js';
import { statusByCode, type ErrorCode } from '../errors.js';
import { placeOrderSchema } from '../orders/order-schemas.js';
import { callbackSchema } from '../payments/payment-service.js';

type Json = Record<string, unknown>;

// The request schemas the server validates with are the ones documented here.
const schema = (s: z.ZodType): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json;
  return rest;
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (s: Json) => ({ content: { 'application/json': { schema: s } } });
const errors = (...codes: ErrorCode[]): Json => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of codes) byStatus.set(statusByCode[c], [...(byStatus.get(statusByCode[c]) ?? []), c]);
  return Object.fromEntries([...byStatus].map(([status, cs]) => [String(status), { description: cs.join(' | '), ...json(ref('Error')) }]));
};
const ok = (status: number, description: string, body: Json = { type: 'object' }) => ({ [String(status)]: { description, ...json(body) } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const snParam = { name: 'orderSn', in: 'path', required: true, schema: { type: 'string', pattern: '^BD\\d{14}[0-9A-Z]{10}$' } };
const idemHeader = { name: 'Idempotency-Key', in: 'header', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 }, description: 'Scoped to the user, kept 24 h; same body replays the first answer with Idempotent-Replayed: true' };
const user = [{ bearer: [] }];
const authErrors = ['UNAUTHORIZED'] as ErrorCode[];
const adminErrors = ['UNAUTHORIZED', 'FORBIDDEN'] as ErrorCode[];
const bodyErrors = ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED'] as ErrorCode[];
const stockErrors = ['LOCK_BUSY', 'LOCK_UNAVAILABLE', 'LEASE_EXPIRED', 'DATABASE_UNAVAILABLE'] as ErrorCode[];

const orderSchema: Json = {
  type: 'object',
  required: ['orderSn', 'status', 'totalCents', 'currency', 'expiresAt', 'createdAt', 'items'],
  properties: {
    orderSn: { type: 'string' },
    status: { enum: ['pending', 'paid', 'cancelled', 'expired'] },
    totalCents: { type: 'integer' },
    currency: { const: 'CNY' },
    contactName: { type: 'string' },
    contactPhone: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    createdAt: { type: 'string', format: 'date-time' },
    paidAt: { type: 'string', format: 'date-time' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          itemType: { enum: ['route', 'hotel', 'scenic'] }, itemId: { type: 'integer' }, itemName: { type: 'string' }, priceCents: { type: 'integer' },
          quantity: { type: 'integer' }, nights: { type: 'integer' }, subtotalCents: { type: 'integer' }, roomTypeId: { type: 'integer' },
          checkIn: { type: 'string', format: 'date' }, checkOut: { type: 'string', format: 'date' }, visitDate: { type: 'string', format: 'date' },
        },
      },
    },
  },
};

export function buildOpenApi(): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'travel-orders',
      version: '0.1.0',
      description: 'Sells limited travel inventory (tour seats, hotel room nights, scenic-spot day quotas) without overselling. Money is integer cents (CNY fen).',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (HS256; claims sub, exp, optional role: admin)' } },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { enum: Object.keys(statusByCode) }, message: { type: 'string' }, details: { type: 'object' } },
            },
          },
        },
        PlaceOrder: schema(placeOrderSchema),
        Order: orderSchema,
        PaymentCallback: schema(callbackSchema),
      },
    },
    paths: {
      '/routes': { get: { summary: 'List routes', responses: ok(200, 'Routes') } },
      '/routes/{id}': { get: { summary: 'A route with priceCents, groupSize, salesCount, availableSlots', parameters: [idParam], responses: { ...ok(200, 'The route'), ...errors('VALIDATION_FAILED', 'NOT_FOUND') } } },
      '/hotels': { get: { summary: 'List hotels with their room types', responses: ok(200, 'Hotels') } },
      '/hotels/{id}': { get: { summary: 'A hotel with its room types', parameters: [idParam], responses: { ...ok(200, 'The hotel'), ...errors('VALIDATION_FAILED', 'NOT_FOUND') } } },
      '/room-types/{id}/availability': {
        get: {
          summary: 'Rooms left on each night of a stay (check-out exclusive)',
          parameters: [idParam, { name: 'checkIn', in: 'query', required: true, schema: { type: 'string', format: 'date' } }, { name: 'checkOut', in: 'query', required: true, schema: { type: 'string', format: 'date' } }],
          responses: { ...ok(200, '{roomTypeId, nights: [{night, available}]}'), ...errors('VALIDATION_FAILED', 'NOT_FOUND') },
        },
      },
      '/scenic-spots': { get: { summary: 'List scenic spots', responses: ok(200, 'Scenic spots') } },
      '/scenic-spots/{id}': { get: { summary: 'A scenic spot', parameters: [idParam], responses: { ...ok(200, 'The spot'), ...errors('VALIDATION_FAILED', 'NOT_FOUND') } } },
      '/scenic-spots/{id}/availability': {
        get: {
          summary: 'Tickets left on a day (null = unlimited)',
          parameters: [idParam, { name: 'date', in: 'query', required: true, schema: { type: 'string', format: 'date' } }],
          responses: { ...ok(200, '{scenicSpotId, date, available}'), ...errors('VALIDATION_FAILED', 'NOT_FOUND') },
        },
      },
      '/orders': {
        post: {
          summary: 'Book: prices come from the database; hotel stays take every night or none',
          security: user,
          parameters: [idemHeader],
          requestBody: { required: true, ...json(ref('PlaceOrder')) },
          responses: {
            ...ok(201, 'The order, pending until paid or expiresAt', ref('Order')),
            ...errors(...authErrors, ...bodyErrors, 'NOT_FOUND', 'INSUFFICIENT_STOCK', 'IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_MISMATCH', 'REDIS_UNAVAILABLE', ...stockErrors),
          },
        },
        get: {
          summary: "The caller's orders, newest first",
          security: user,
          parameters: [
            { name: 'status', in: 'query', schema: { enum: ['pending', 'paid', 'cancelled', 'expired'] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' }, description: 'nextCursor of the previous page' },
          ],
          responses: { ...ok(200, '{orders, nextCursor}'), ...errors(...authErrors, 'VALIDATION_FAILED') },
        },
      },
      '/orders/{orderSn}': {
        get: { summary: 'The order and its payments (owner or admin; anyone else 404)', security: user, parameters: [snParam], responses: { ...ok(200, 'The order', ref('Order')), ...errors(...authErrors, 'VALIDATION_FAILED', 'NOT_FOUND') } },
      },
      '/orders/{orderSn}/cancel': {
        post: { summary: 'pending → cancelled; stock released exactly once', security: user, parameters: [snParam], responses: { ...ok(200, 'The cancelled order', ref('Order')), ...errors(...authErrors, 'NOT_FOUND', 'ORDER_NOT_PENDING', ...stockErrors) } },
      },
      '/orders/{orderSn}/pay': {
        post: {
          summary: "The order's one payment intent: 201 when made, 200 after",
          security: user,
          parameters: [snParam, idemHeader],
          responses: { ...ok(201, '{paymentId, orderSn, amountCents, currency, status}'), ...ok(200, 'The existing intent'), ...errors(...authErrors, 'NOT_FOUND', 'ORDER_NOT_PENDING', 'IDEMPOTENCY_KEY_IN_USE', 'IDEMPOTENCY_KEY_MISMATCH') },
        },
      },
      '/payments/callback': {
        post: {
          summary: 'Signed provider notification, deduplicated by providerTxnId',
          parameters: [{ name: 'Payment-Signature', in: 'header', required: true, schema: { type: 'string' }, description: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>; 300 s tolerance' }],
          requestBody: { required: true, ...json(ref('PaymentCallback')) },
          responses: {
            ...ok(200, '{received: true, duplicate, orderStatus}'),
            ...errors('BAD_SIGNATURE', 'STALE_SIGNATURE', 'CALLBACK_IN_PROGRESS', 'AMOUNT_MISMATCH', 'NOT_FOUND', ...bodyErrors),
          },
        },
      },
      '/admin/routes': { post: { security: user, requestBody: { required: true, ...json(schema(createRouteSchema)) }, responses: { ...ok(201, 'The route'), ...errors(...adminErrors, ...bodyErrors) } } },
      '/admin/routes/{id}': { patch: { security: user, parameters: [idParam], requestBody: { required: true, ...json(schema(patchRouteSchema)) }, responses: { ...ok(200, 'The route'), ...errors(...adminErrors, ...bodyErrors, 'NOT_FOUND', 'CAPACITY_BELOW_SOLD', ...stockErrors) } } },
      '/admin/hotels': { post: { security: user, requestBody: { required: true, ...json(schema(createHotelSchema)) }, responses: { ...ok(201, 'The hotel'), ...errors(...adminErrors, ...bodyErrors) } } },
      '/admin/hotels/{id}/room-types': { post: { security: user, parameters: [idParam], requestBody: { required: true, ...json(schema(createRoomTypeSchema)) }, responses: { ...ok(201, 'The room type'), ...errors(...adminErrors, ...bodyErrors, 'NOT_FOUND') } } },
      '/admin/room-types/{id}': { patch: { security: user, parameters: [idParam], requestBody: { required: true, ...json(schema(patchRoomTypeSchema)) }, responses: { ...ok(200, 'The room type'), ...errors(...adminErrors, ...bodyErrors, 'NOT_FOUND', 'CAPACITY_BELOW_SOLD', ...stockErrors) } } },
      '/admin/scenic-spots': { post: { security: user, requestBody: { required: true, ...json(schema(createScenicSpotSchema)) }, responses: { ...ok(201, 'The scenic spot'), ...errors(...adminErrors, ...bodyErrors) } } },
      '/admin/scenic-spots/{id}': { patch: { security: user, parameters: [idParam], requestBody: { required: true, ...json(schema(patchScenicSpotSchema)) }, responses: { ...ok(200, 'The scenic spot'), ...errors(...adminErrors, ...bodyErrors, 'NOT_FOUND', 'CAPACITY_BELOW_SOLD', ...stockErrors) } } },
      '/admin/payments': {
        get: {
          summary: 'Payments that need a human (e.g. status=refund_required)',
          security: user,
          parameters: [{ name: 'status', in: 'query', schema: { enum: ['succeeded', 'failed', 'amount_mismatch', 'refund_required'] } }],
          responses: { ...ok(200, '{payments}'), ...errors(...adminErrors, 'VALIDATION_FAILED') },
        },
      },
    },
    'x-operations': {
      '/healthz': '200 while the process runs',
      '/readyz': '200 when MySQL answers, a Redis lock quorum answers and the replica is not draining; else 503 with the reason. Answers within 250 ms',
      '/metrics': 'Prometheus text format',
    },
  };
}
