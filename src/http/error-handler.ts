import type { Middleware } from 'koa';
import { AppError, DatabaseUnavailableError, RedisUnavailableError, errorBody, statusByCode } from '../errors.js';
import type { AppState } from './context.js';

/** mysql2 errors that mean the database, not the request, is at fault. */
const unavailableDbCodes = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_LOCK_WAIT_TIMEOUT', 'ER_LOCK_DEADLOCK', 'ER_QUERY_INTERRUPTED', 'ER_CON_COUNT_ERROR', 'ER_STATEMENT_TIMEOUT',
]);
// 1927: connection was killed (MariaDB); 1969: max_statement_time exceeded (MariaDB); 3024: MySQL's equivalent.
const unavailableDbErrnos = new Set([1205, 1213, 1317, 1927, 1969, 3024, 2013, 2006]);

/** Maps infrastructure failures to a 503 with a reason, so they are never mistaken for client errors or bugs. */
export function toAppError(err: unknown): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as { code?: string; errno?: number; name?: string; message?: string; sqlMessage?: string; fatal?: boolean };
  // A connection killed or lost mid-transaction: mysql2 marks it fatal, and knex's ROLLBACK on it fails with no code.
  if (e?.fatal === true || /connection is in closed state|Connection lost/i.test(e?.message ?? '')) {
    return new DatabaseUnavailableError('The database connection was lost; nothing was changed');
  }
  if (e?.name === 'KnexTimeoutError') return new DatabaseUnavailableError('The database did not provide a connection in time');
  if ((e?.code && unavailableDbCodes.has(e.code)) || (e?.errno && unavailableDbErrnos.has(e.errno) && (e.sqlMessage !== undefined || e.code !== undefined))) {
    return new DatabaseUnavailableError();
  }
  if (e?.name === 'MaxRetriesPerRequestError' || /Stream isn't writeable|Connection is closed|Command timed out/.test(e?.message ?? '')) {
    return new RedisUnavailableError();
  }
  return undefined;
}

/** The one try/catch around the chain: every failure leaves as the contract's JSON error body. */
export function errorHandler(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        throw new AppError('NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
      }
    } catch (err) {
      const known = toAppError(err);
      const appError = known ?? new AppError('INTERNAL', 'Internal error');
      if (!known) ctx.state.log?.error({ err }, 'unhandled error');
      // Refusals under load (LOCK_BUSY and the like) are expected: one line, no stack; dependency failures keep theirs.
      else if (appError.code === 'DATABASE_UNAVAILABLE' || appError.code === 'REDIS_UNAVAILABLE') ctx.state.log?.warn({ err, code: appError.code }, 'request failed');
      else if (appError.status >= 500) ctx.state.log?.info({ code: appError.code }, 'request refused');
      ctx.status = statusByCode[appError.code];
      if (appError.retryAfterSeconds !== undefined) ctx.set('Retry-After', String(appError.retryAfterSeconds));
      ctx.body = errorBody(appError);
    }
  };
}
