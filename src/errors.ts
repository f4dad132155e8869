/** Every error code the API can answer with; each maps to exactly one HTTP status. */
export const statusByCode = {
  MALFORMED_JSON: 400,
  INVALID_HEADER: 400,
  UNAUTHORIZED: 401,
  BAD_SIGNATURE: 401,
  STALE_SIGNATURE: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  INSUFFICIENT_STOCK: 409,
  CAPACITY_BELOW_SOLD: 409,
  IDEMPOTENCY_KEY_IN_USE: 409,
  ORDER_NOT_PENDING: 409,
  NOT_CANCELLABLE: 409,
  HOLD_LIMIT_REACHED: 409,
  REFUND_NOT_ALLOWED: 409,
  CALLBACK_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  IDEMPOTENCY_KEY_MISMATCH: 422,
  AMOUNT_MISMATCH: 422,
  INTERNAL: 500,
  LOCK_BUSY: 503,
  LOCK_UNAVAILABLE: 503,
  LEASE_EXPIRED: 503,
  DATABASE_UNAVAILABLE: 503,
  REDIS_UNAVAILABLE: 503,
  SHUTTING_DOWN: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof statusByCode;

export class AppError extends Error {
  override readonly name: string = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
    /** Seconds a client should wait before retrying (sent as Retry-After). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

/** The contract's error body; every error answer is built here. */
export function errorBody(err: AppError): { error: { code: ErrorCode; message: string; details?: Readonly<Record<string, unknown>> } } {
  return { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
}

/** A refusal of the client's request (a 4xx): final for that request, unlike a dependency failing (5xx). */
export function isClientRefusal(err: unknown): err is AppError {
  return err instanceof AppError && err.status < 500;
}

export class NotFoundError extends AppError {
  override readonly name = 'NotFoundError';
  constructor(what: string) {
    super('NOT_FOUND', `${what} was not found`);
  }
}

export class ValidationError extends AppError {
  override readonly name = 'ValidationError';
  constructor(fields: ReadonlyArray<{ path: string; message: string }>) {
    super('VALIDATION_FAILED', `The request is invalid: ${fields.map((f) => `${f.path || '(body)'} ${f.message}`).join('; ')}`, { fields });
  }
}

export class InsufficientStockError extends AppError {
  override readonly name = 'InsufficientStockError';
  constructor(readonly available: number | null, requested: number, extra?: Record<string, unknown>) {
    super('INSUFFICIENT_STOCK', `Only ${available ?? 0} left; ${requested} requested`, { available, requested, ...extra });
  }
}

export class CapacityBelowSoldError extends AppError {
  override readonly name = 'CapacityBelowSoldError';
  constructor(what: string, details?: Record<string, unknown>) {
    super('CAPACITY_BELOW_SOLD', `The new capacity of ${what} is below what is already sold`, details);
  }
}

export class OrderNotPendingError extends AppError {
  override readonly name = 'OrderNotPendingError';
  constructor(status: string, action: 'cancelled' | 'paid') {
    super('ORDER_NOT_PENDING', `The order is ${status} and cannot be ${action}`, { status });
  }
}

export class NotCancellableError extends AppError {
  override readonly name = 'NotCancellableError';
  constructor(line: number, startsOn: string) {
    super('NOT_CANCELLABLE', `Line ${line} started on ${startsOn}; a line can be cancelled only before it starts`, { line, startsOn });
  }
}

export class HoldLimitReachedError extends AppError {
  override readonly name = 'HoldLimitReachedError';
  constructor(details: { limit: number; held: number; requested: number; of: 'units' | 'orders'; item?: string; line?: number }) {
    super(
      'HOLD_LIMIT_REACHED',
      details.of === 'orders'
        ? `You already hold ${details.held} unpaid orders; at most ${details.limit} may wait for payment at once`
        : `You already hold ${details.held} unpaid units of this item; at most ${details.limit} may wait for payment at once`,
      details,
    );
  }
}

export class RefundNotAllowedError extends AppError {
  override readonly name = 'RefundNotAllowedError';
  constructor(message: string, details: Record<string, unknown>) {
    super('REFUND_NOT_ALLOWED', message, details);
  }
}

export class IdempotencyKeyInUseError extends AppError {
  override readonly name = 'IdempotencyKeyInUseError';
  constructor() {
    super('IDEMPOTENCY_KEY_IN_USE', 'This Idempotency-Key is being processed; retry shortly', undefined, 1);
  }
}

export class IdempotencyKeyMismatchError extends AppError {
  override readonly name = 'IdempotencyKeyMismatchError';
  constructor() {
    super('IDEMPOTENCY_KEY_MISMATCH', 'This Idempotency-Key was used with a different request');
  }
}

export class AmountMismatchError extends AppError {
  override readonly name = 'AmountMismatchError';
  constructor(expectedCents: number, receivedCents: number) {
    super('AMOUNT_MISMATCH', `The amount ${receivedCents} does not match the order total ${expectedCents}`, { expectedCents, receivedCents });
  }
}

export class LockBusyError extends AppError {
  override readonly name = 'LockBusyError';
  constructor(key: string) {
    super('LOCK_BUSY', `The item is busy; try again shortly (${key})`, { key }, 1);
  }
}

export class LockUnavailableError extends AppError {
  override readonly name = 'LockUnavailableError';
  constructor(reachable: number, quorum: number) {
    super('LOCK_UNAVAILABLE', `Only ${reachable} lock masters answer; ${quorum} are needed`, { reachable, quorum }, 1);
  }
}

export class LeaseExpiredError extends AppError {
  override readonly name = 'LeaseExpiredError';
  constructor(key: string) {
    super('LEASE_EXPIRED', 'The item lease ran out before the change could commit; nothing was changed', { key }, 1);
  }
}

export class DatabaseUnavailableError extends AppError {
  override readonly name = 'DatabaseUnavailableError';
  constructor(message = 'The database is unavailable or the statement was interrupted; nothing was changed') {
    super('DATABASE_UNAVAILABLE', message, undefined, 1);
  }
}

export class RedisUnavailableError extends AppError {
  override readonly name = 'RedisUnavailableError';
  constructor() {
    super('REDIS_UNAVAILABLE', 'Redis is unavailable; nothing was changed', undefined, 1);
  }
}
