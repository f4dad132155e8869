import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { IdempotencyKeyInUseError, IdempotencyKeyMismatchError, ValidationError, errorBody } from '../errors.js';
import { toAppError } from './error-handler.js';

export type StoredResponse = { status: number; body: unknown };
type Record_ = { s: 'running'; f: string; t: string } | { s: 'done'; f: string; status: number; body: unknown };

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const KEEP_SECONDS = 24 * 3600;

// Replace the marker only if it is still ours (the token), so a late finisher cannot overwrite another's record.
const FINISH = `if redis.call('GET', KEYS[1]) and string.find(redis.call('GET', KEYS[1]), ARGV[1], 1, true) then
  if ARGV[2] == '' then return redis.call('DEL', KEYS[1]) end
  return redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
return 0`;

const MAX_DEPTH = 32;

/** Canonical JSON (sorted keys), so the same request with keys in another order is the same request. */
export function canonicalJson(value: unknown, depth = 0): string {
  // No request the API accepts nests this deep; refusing keeps a hostile body from exhausting the stack.
  if (depth > MAX_DEPTH) throw new ValidationError([{ path: '', message: `must not nest deeper than ${MAX_DEPTH} levels` }]);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], depth + 1)}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
}

export type Idempotency = {
  /**
   * Runs `work` once per (user, key): a repeat with the same request replays the stored answer, a different
   * request is 422, one still running is 409. A 5xx answer is not kept, so the key can be retried.
   */
  run(
    userId: string,
    key: string,
    fingerprint: string,
    work: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }>;
};

export function validateIdempotencyKey(key: string): string {
  if (!KEY_PATTERN.test(key)) throw new ValidationError([{ path: 'header.Idempotency-Key', message: 'must be 1-255 visible ASCII characters' }]);
  return key;
}

export function createIdempotency(redis: Redis, keyPrefix: string, runningTtlMs: number, log: Logger): Idempotency {
  return {
    async run(userId, key, fingerprint, work) {
      const redisKey = `${keyPrefix}${userId.length}:${userId}:${key}`;
      const token = randomUUID();
      for (let tries = 0; ; tries += 1) {
        const claimed = await redis.set(redisKey, JSON.stringify({ s: 'running', f: fingerprint, t: token }), 'PX', runningTtlMs, 'NX');
        if (claimed === 'OK') break;
        const raw = await redis.get(redisKey);
        if (raw === null) {
          if (tries < 3) continue; // it was just released; claim again
          throw new IdempotencyKeyInUseError();
        }
        const record = JSON.parse(raw) as Record_;
        if (record.f !== fingerprint) throw new IdempotencyKeyMismatchError();
        if (record.s === 'running') throw new IdempotencyKeyInUseError();
        return { status: record.status, body: record.body, replayed: true };
      }

      let response: StoredResponse;
      try {
        response = await work();
      } catch (err) {
        const known = toAppError(err);
        if (!known || known.status >= 500) {
          await redis.eval(FINISH, 1, redisKey, token, '', 0).catch(() => undefined);
          throw err;
        }
        const body = errorBody(known);
        await redis.eval(FINISH, 1, redisKey, token, JSON.stringify({ s: 'done', f: fingerprint, status: known.status, body }), KEEP_SECONDS)
          .catch((e: unknown) => log.warn({ err: e }, 'idempotency record not stored'));
        throw err;
      }
      const stored = response.status >= 500 ? '' : JSON.stringify({ s: 'done', f: fingerprint, status: response.status, body: response.body });
      // The work committed: a failure to record it must not turn success into an error. Until the marker
      // expires a retry gets 409; after that the database's copy of the key answers it.
      await redis.eval(FINISH, 1, redisKey, token, stored, KEEP_SECONDS).catch((err: unknown) => log.warn({ err }, 'idempotency record not stored'));
      return { ...response, replayed: false };
    },
  };
}
