/** Every error code the API can answer with; each maps to exactly one HTTP status. */
export const statusByCode = {
  MALFORMED_JSON: 400,
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
  CALLBACK_IN_PROGRESS: 409,
  PAYLOAD_TOO_LARGE: 413,
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
  constructor(available: number | null, requested: number, extra?: Record<string, unknown>) {
    super('INSUFFICIENT_STOCK', `Only ${available ?? 0} left; ${requested} requested`, { available, requested, ...extra });
  }
}
