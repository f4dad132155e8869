/** The Idempotency-Key header and the request's fingerprint; the records themselves live in idempotency/. */
import { createHash } from 'node:crypto';
import { InvalidHeaderError, ValidationError } from '../errors.js';

const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

const MAX_DEPTH = 32;

/** Canonical JSON (sorted keys), so the same request with keys in another order is the same request. */
export function canonicalJson(value: unknown, depth = 0): string {
  // No request the API accepts nests this deep; refusing keeps a hostile body from exhausting the stack.
  if (depth > MAX_DEPTH) throw new ValidationError([{ path: 'body', message: `must not nest deeper than ${MAX_DEPTH} levels` }]);
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

/**
 * The request's Idempotency-Key: undefined when the header is absent. Present but empty or malformed is a 400
 * INVALID_HEADER, never a request without a key (an empty header must not book a second order).
 */
export function idempotencyKeyOf(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const value = headers['idempotency-key'];
  if (value === undefined) return undefined;
  const key = Array.isArray(value) ? value.join(', ') : value;
  if (key === '') throw new InvalidHeaderError([{ path: 'header.Idempotency-Key', message: 'must not be empty: send 1-255 visible ASCII characters, or leave the header out' }]);
  if (!KEY_PATTERN.test(key)) throw new InvalidHeaderError([{ path: 'header.Idempotency-Key', message: 'must be 1-255 visible ASCII characters (no spaces)' }]);
  return key;
}
