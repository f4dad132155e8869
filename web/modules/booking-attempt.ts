// One booking attempt = one Idempotency-Key, decided one answer at a time: send again with the same key, or stop.
// Pure: no DOM, no fetch, no timers and no randomness of its own (the caller passes the jitter), so every
// transition can be tested directly.

/** While the first send of the key is still running (409 IDEMPOTENCY_KEY_IN_USE), wait for it this many times. */
export const MAX_IN_USE_RETRIES = 8;
/** A 502/503/504 changed nothing and does not pin the key; send the same key again this many times. */
export const MAX_UNAVAILABLE_RETRIES = 5;

/** One send of the attempt, reduced to what decides the next step. */
export type AttemptReply =
  | { kind: 'network' }
  | {
      kind: 'reply';
      status: number;
      /** `error.code` of the body; null when there is none. */
      code: string | null;
      /** The Retry-After header in seconds; null when absent or unreadable. */
      retryAfterS: number | null;
      /** A 2xx body that is an order. */
      hasOrder: boolean;
      /** `Idempotent-Replayed: true`: the answer is the first result of this key. */
      replayed: boolean;
    };

/** What a final step shows. */
export type FinalShow =
  | 'order'
  | 'replayed-order'
  | 'insufficient-stock'
  | 'validation'
  | 'not-found'
  | 'key-mismatch'
  /** 409 HOLD_LIMIT_REACHED: the person holds as much unpaid as one may. */
  | 'hold-limit'
  /** 429 RATE_LIMITED: too many writes just now; the key is not spent, so the same attempt may be sent after the wait. */
  | 'rate-limited'
  /** Any other final refusal. */
  | 'refused'
  /** No answer arrived: the booking may have gone through. */
  | 'network-lost'
  /** A failure on the service's side, or retries used up: the outcome is unknown. */
  | 'failed'
  /** 401: the sign-in expired. */
  | 'sign-in';

export type AttemptStep =
  /** Send the same key again after `waitMs`: its first send is still running, or the service was briefly unavailable. */
  | { next: 'retry'; because: 'in-use' | 'unavailable'; waitMs: number }
  /** 503 LOCK_BUSY: the item is busy; send the same key again once the service's Retry-After has passed. */
  | { next: 'wait-retry-after'; waitMs: number }
  /**
   * Stop sending. `keepKey` false: the answer is final and stored against the key, so the next press is a new
   * attempt. `keepKey` true: the outcome is unknown (or the person must sign in again), so the next send of the
   * same booking carries the same key and the service answers with the first result.
   */
  | { next: 'final'; show: FinalShow; keepKey: boolean };

/** Exponential from 250 ms up to 8 s, never sooner than the service asked, jittered by ±20 % (`jitter` in [0, 1)). */
export function backoffMs(tries: number, retryAfterS: number | null, jitter: number): number {
  const exponential = Math.min(250 * 2 ** tries, 8000);
  const floor = (retryAfterS ?? 0) * 1000;
  return Math.max(floor, exponential) * (0.8 + jitter * 0.4);
}

const final = (show: FinalShow): AttemptStep => ({ next: 'final', show, keepKey: show === 'network-lost' || show === 'failed' || show === 'sign-in' || show === 'rate-limited' });

const refusals = new Map<string | null, FinalShow>([
  ['INSUFFICIENT_STOCK', 'insufficient-stock'],
  ['VALIDATION_FAILED', 'validation'],
  ['NOT_FOUND', 'not-found'],
  ['IDEMPOTENCY_KEY_MISMATCH', 'key-mismatch'],
  ['HOLD_LIMIT_REACHED', 'hold-limit'],
]);

/**
 * The step after one answer. `tries` is how many times this run has already sent the attempt again (0 after the
 * first send); `jitter` is a number in [0, 1), e.g. `Math.random()`.
 */
export function nextStep(reply: AttemptReply, tries: number, jitter: number): AttemptStep {
  if (reply.kind === 'network') return final('network-lost');
  const { status, code } = reply;
  if (status >= 200 && status < 300) return final(!reply.hasOrder ? 'failed' : reply.replayed ? 'replayed-order' : 'order');
  if (code === 'IDEMPOTENCY_KEY_IN_USE') {
    // The first send of this key is still running: wait for its answer rather than book again.
    if (tries >= MAX_IN_USE_RETRIES) return final('failed');
    return { next: 'retry', because: 'in-use', waitMs: backoffMs(tries, reply.retryAfterS, jitter) };
  }
  if (status === 503 || status === 502 || status === 504) {
    // Nothing was changed and a 5xx does not pin the key, so the same key may simply be sent again.
    if (tries >= MAX_UNAVAILABLE_RETRIES) return final('failed');
    if (code === 'LOCK_BUSY') return { next: 'wait-retry-after', waitMs: (reply.retryAfterS ?? 1) * 1000 + jitter * 250 };
    return { next: 'retry', because: 'unavailable', waitMs: backoffMs(tries, reply.retryAfterS, jitter) };
  }
  if (status === 401) return final('sign-in');
  // Refused before the booking was looked at, so not stored against the key: the same attempt may go again later.
  if (status === 429) return final('rate-limited');
  if (status >= 500) return final('failed');
  // A final refusal is stored against the key; the next press must be a new attempt with a new key.
  return final(refusals.get(code) ?? 'refused');
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sorted keys, so the same booking written in another order is the same booking. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Whether two request bodies are the same booking, so a press may carry the attempt's key again. */
export function sameBooking(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}
