import { z } from 'zod';
import {
  AmountMismatchError, AppError, CapacityBelowSoldError, DatabaseUnavailableError, HoldLimitReachedError, IdempotencyKeyInUseError, IdempotencyKeyMismatchError,
  InsufficientStockError, LeaseExpiredError, LockBusyError, LockUnavailableError, NotCancellableError, NotFoundError, OrderNotPendingError, RedisUnavailableError,
  RefundNotAllowedError, ValidationError, errorBody, statusByCode, type ErrorCode,
} from '../errors.js';

/** Building blocks for the parts of the API document each feature contributes beside its router. */
export type Json = Record<string, unknown>;
export type ApiDocPart = { paths: Json; schemas?: Json; tags?: Array<{ name: string; description: string }> };

/** A schema the server validates with (or answers with), as JSON Schema: the document and the code cannot drift. */
export const fromZod = (s: z.ZodType, io: 'input' | 'output' = 'input'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (s: Json, example?: unknown) => ({ content: { 'application/json': { schema: s, ...(example !== undefined ? { example } : {}) } } });

/** One real error of each code, made by the same classes the code throws: the document's examples are the answers. */
const exampleErrors: Record<ErrorCode, AppError> = {
  MALFORMED_JSON: new AppError('MALFORMED_JSON', 'The body is not valid JSON'),
  INVALID_HEADER: new AppError('INVALID_HEADER', 'A request header is invalid: header.Idempotency-Key must not be empty: send 1-255 visible ASCII characters, or leave the header out', {
    fields: [{ path: 'header.Idempotency-Key', message: 'must not be empty: send 1-255 visible ASCII characters, or leave the header out' }],
  }),
  UNAUTHORIZED: new AppError('UNAUTHORIZED', 'A Bearer token is required'),
  BAD_SIGNATURE: new AppError('BAD_SIGNATURE', 'Payment-Signature does not match the body'),
  STALE_SIGNATURE: new AppError('STALE_SIGNATURE', 'The signature timestamp is more than 300 s from now'),
  FORBIDDEN: new AppError('FORBIDDEN', 'This needs an admin token'),
  NOT_FOUND: new NotFoundError('Order BD20261201130917KM4FWKK9VG'),
  METHOD_NOT_ALLOWED: new AppError('METHOD_NOT_ALLOWED', 'This method is not allowed here'),
  INSUFFICIENT_STOCK: new InsufficientStockError(1, 2),
  CAPACITY_BELOW_SOLD: new CapacityBelowSoldError('route 1', { sold: 8, requested: 5 }),
  IDEMPOTENCY_KEY_IN_USE: new IdempotencyKeyInUseError(),
  ORDER_NOT_PENDING: new OrderNotPendingError('expired', 'paid'),
  NOT_CANCELLABLE: new NotCancellableError(0, '2027-05-01'),
  HOLD_LIMIT_REACHED: new HoldLimitReachedError({ limit: 10, held: 10, requested: 1, of: 'orders' }),
  REFUND_NOT_ALLOWED: new RefundNotAllowedError('Refund 0190f3c2-7d1e-7a4b-9c3d-2e1f0a9b8c7d is pending; only a failed refund is retried', { status: 'pending' }),
  CALLBACK_IN_PROGRESS: new AppError('CALLBACK_IN_PROGRESS', 'This transaction is being processed; retry later', { providerTxnId: 'txn-1' }, 1),
  PAYLOAD_TOO_LARGE: new AppError('PAYLOAD_TOO_LARGE', 'The body is larger than 65536 bytes', { limitBytes: 65536 }),
  RATE_LIMITED: new AppError('RATE_LIMITED', 'Too many writes from this user: at most 120 a minute', { limit: 120, windowSeconds: 60, per: 'user' }, 7),
  UNSUPPORTED_MEDIA_TYPE: new AppError('UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json', { contentType: 'text/plain' }),
  VALIDATION_FAILED: new ValidationError([{ path: 'quantity', message: 'must be at least 1' }]),
  IDEMPOTENCY_KEY_MISMATCH: new IdempotencyKeyMismatchError(),
  AMOUNT_MISMATCH: new AmountMismatchError(20000, 19900),
  INTERNAL: new AppError('INTERNAL', 'Internal error'),
  LOCK_BUSY: new LockBusyError('route:1'),
  LOCK_UNAVAILABLE: new LockUnavailableError(1, 2),
  LEASE_EXPIRED: new LeaseExpiredError('route:1'),
  DATABASE_UNAVAILABLE: new DatabaseUnavailableError(),
  REDIS_UNAVAILABLE: new RedisUnavailableError(),
  SHUTTING_DOWN: new AppError('SHUTTING_DOWN', 'This replica is shutting down; retry on another'),
};

/** The documented error answers, grouped by the status each code maps to, with a real example of each code. */
export const errors = (...codes: ErrorCode[]): Json => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of new Set(codes)) byStatus.set(statusByCode[c], [...(byStatus.get(statusByCode[c]) ?? []), c]);
  return Object.fromEntries(
    [...byStatus].map(([status, cs]) => [
      String(status),
      {
        description: cs.join(' | '),
        content: {
          'application/json': {
            schema: ref('Error'),
            examples: Object.fromEntries(cs.map((c) => [c, { value: errorBody(exampleErrors[c]) }])),
          },
        },
      },
    ]),
  );
};

export const header = (description: string, schema: Json = { type: 'string' }, required = false) => ({ description, schema, ...(required ? { required: true } : {}) });
export const retryAfter = header('Seconds to wait before trying again (on the refusals where waiting helps: 409 in progress, 429, 503)', { type: 'integer', minimum: 1 });
export const requestIdHeader = header('The request id: the caller\'s X-Request-Id when it is 1-128 of [A-Za-z0-9._:-], else a new UUID; also in the log lines of the request', { type: 'string', pattern: '^[A-Za-z0-9._:-]{1,128}$' }, true);
export const replayedHeader = header('"true" when this is the stored answer of an earlier request with the same Idempotency-Key (same status, same body)', { type: 'string', enum: ['true'] });

/** For the rate-limited writes (book, pay, cancel): an answer let through or refused by the limiter says the policy and what is left. */
export const withRateLimitHeaders = (responses: Json): Json =>
  Object.fromEntries(
    Object.entries(responses).map(([status, r]) => [
      status,
      {
        ...(r as Json),
        headers: {
          ...((r as { headers?: Json }).headers ?? {}),
          'RateLimit-Policy': header('The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding); absent when no limit is configured or the limiter is not answering', { type: 'string', pattern: '^"(user|address)";q=\\d+;w=\\d+(, "(user|address)";q=\\d+;w=\\d+)*$' }),
          RateLimit: header('The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends>', { type: 'string', pattern: '^"(user|address)";r=\\d+;t=\\d+$' }),
        },
      },
    ]),
  );

/** For the Idempotency-Key operations: an answer that is not a 5xx may be the stored answer of an earlier request. */
export const withReplayedHeader = (responses: Json): Json =>
  Object.fromEntries(
    Object.entries(responses).map(([status, r]) => [status, status.startsWith('5') ? r : { ...(r as Json), headers: { ...((r as { headers?: Json }).headers ?? {}), 'Idempotent-Replayed': replayedHeader } }]),
  );

/** Headers added to one status of a set of responses. */
export const withHeaders = (responses: Json, status: string, headers: Json): Json => {
  const r = responses[status] as Json | undefined;
  if (!r) return responses;
  return { ...responses, [status]: { ...r, headers: { ...((r['headers'] as Json | undefined) ?? {}), ...headers } } };
};

export const ok = (status: number, description: string, body: Json, example?: unknown) => ({ [String(status)]: { description, ...json(body, example) } });

/** One operation: its id, its tag, who may call it (`public` is `security: []`), and what it answers. */
export const operation = (o: { operationId: string; tag: string; summary: string; description?: string; security: 'public' | 'user' | 'admin'; parameters?: Json[]; requestBody?: Json; responses: Json }): Json => ({
  operationId: o.operationId,
  tags: [o.tag],
  summary: o.summary,
  ...(o.description ? { description: o.description } : {}),
  security: o.security === 'public' ? [] : [{ bearer: [] }],
  ...(o.parameters ? { parameters: o.parameters } : {}),
  ...(o.requestBody ? { requestBody: o.requestBody } : {}),
  responses: o.responses,
});

export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1, maximum: 2_147_483_647 }, example: 1 };
const idempotencyKeySchema = { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]{1,255}$' };
/** POST /orders: the key names the booking; the same body under it replays the first answer. */
export const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: idempotencyKeySchema,
  example: 'trip-2027-05-alice',
  description:
    'Scoped to the user, kept 24 h. The same key with the same body replays the first answer (same status and body, header Idempotent-Replayed: true) on any replica; with a different body 422 IDEMPOTENCY_KEY_MISMATCH; while the first is running 409 IDEMPOTENCY_KEY_IN_USE. An empty header, or a key that is not 1-255 visible ASCII characters, is 400 INVALID_HEADER with details.fields.',
};
/** POST /orders/{orderSn}/pay has no body: the key and the order number name the request. */
export const payIdempotencyKeyHeader = {
  ...idempotencyKeyHeader,
  description:
    'Scoped to the user, kept 24 h. Pay takes no body: the same key for the same order replays the first answer (same status and body, header Idempotent-Replayed: true) on any replica; the same key for another order is 422 IDEMPOTENCY_KEY_MISMATCH; while the first is running 409 IDEMPOTENCY_KEY_IN_USE. An empty header, or a key that is not 1-255 visible ASCII characters, is 400 INVALID_HEADER with details.fields.',
};
export const authErrors: ErrorCode[] = ['UNAUTHORIZED'];
export const adminErrors: ErrorCode[] = ['UNAUTHORIZED', 'FORBIDDEN'];
export const bodyErrors: ErrorCode[] = ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED'];
/** A POST that takes no body still reads one when sent: it must be JSON and within the limit. */
export const unwantedBodyErrors: ErrorCode[] = ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'];
/** What a user's write may meet before it reaches the stock: the rate limit, and (for bookings) the holding limit. */
export const abuseErrors: ErrorCode[] = ['RATE_LIMITED'];
export const stockErrors: ErrorCode[] = ['LOCK_BUSY', 'LOCK_UNAVAILABLE', 'LEASE_EXPIRED', 'DATABASE_UNAVAILABLE'];
/** Any operation that reads the database may find it gone or a statement interrupted. */
export const dbErrors: ErrorCode[] = ['DATABASE_UNAVAILABLE'];

export const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: { type: 'string', enum: Object.keys(statusByCode), description: 'One code, one HTTP status (src/errors.ts)' },
        message: { type: 'string', description: 'A sentence for a person; not for matching' },
        details: {
          type: 'object',
          description: 'What a program can act on: VALIDATION_FAILED has fields [{path, message}]; INSUFFICIENT_STOCK available, requested, line; HOLD_LIMIT_REACHED of, limit, held, requested; RATE_LIMITED per, limit, windowSeconds; ORDER_NOT_PENDING status; NOT_CANCELLABLE line, startsOn',
        },
      },
    },
  },
};
