import type { Redis } from 'ioredis';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import { AppError } from '../errors.js';
import type { Metrics } from '../ops/metrics.js';
import { createFailOpen } from '../shared/fail-open.js';
import type { AppState } from './context.js';

const WINDOW_SECONDS = 60;

/**
 * A sliding window per key, estimated from two fixed windows (this minute's count plus last minute's, weighted by the
 * part of it still inside the last 60 s): no burst of twice the quota across a minute's edge. KEYS are pairs (this
 * window, last window); ARGV: window seconds, the elapsed fraction of this window, then each pair's quota. The write
 * is counted in every window only when it fits every quota, atomically, so refused writes cost nothing and two
 * replicas cannot both take the last one. Returns allowed (1|0), then each pair's (this, last) counts.
 */
const COUNT = `local f = tonumber(ARGV[2])
local n = #KEYS / 2
local out = {1}
for i = 1, n do
  local cur = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0')
  local prev = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
  out[2 * i] = cur
  out[2 * i + 1] = prev
  if prev * (1 - f) + cur + 1 > tonumber(ARGV[2 + i]) then out[1] = 0 end
end
if out[1] == 1 then
  for i = 1, n do
    out[2 * i] = redis.call('INCR', KEYS[2 * i - 1])
    if out[2 * i] == 1 then redis.call('EXPIRE', KEYS[2 * i - 1], 2 * tonumber(ARGV[1])) end
  end
end
return out`;

type Limit = { name: 'user' | 'address'; quota: number; key: string };
type Count = Limit & { current: number; previous: number };

/** Seconds until one more write fits `quota`, given this window's and last window's counts at `elapsed` (0..1) of the window. */
export function secondsUntilRoom(quota: number, current: number, previous: number, elapsed: number, window = WINDOW_SECONDS): number {
  if (previous * (1 - elapsed) + current + 1 <= quota) return 0;
  // Within this window, once enough of last window's weight has slid out ...
  if (current + 1 <= quota) return (1 - (quota - current - 1) / previous - elapsed) * window;
  // ... else in the next one, where this window becomes the last.
  return (1 - elapsed) * window + Math.max(0, 1 - (quota - 1) / current) * window;
}

/**
 * Writes (book, pay, cancel) per user and per client address, counted in Redis so every replica shares them: a write
 * that does not fit either quota over the last 60 s is 429 RATE_LIMITED with Retry-After. Every limited route's answer
 * carries RateLimit-Policy and RateLimit (draft-ietf-httpapi-ratelimit-headers; `t` is the seconds until the next
 * write fits when `r` is 0, else until this window ends). When Redis does not answer within `timeoutMs`, the write
 * goes on unlimited (fail open: bookings matter more than throttling), a metric counts it, and a Redis that failed or
 * stayed silent for `tripAfterMs` is not asked again for `pauseMs`. `timeoutMs` is generous (250 ms) because a flood
 * is exactly when a replica's event loop and its Redis are slowest: a limiter that gave up at the first slow answer
 * would open itself to the very traffic it is for.
 */
export function createRateLimit(
  redis: Redis,
  { keyPrefix, perUser, perAddress, timeoutMs = 250, tripAfterMs = 1000, pauseMs = 5000 }: { keyPrefix: string; perUser: number; perAddress: number; timeoutMs?: number; tripAfterMs?: number; pauseMs?: number },
  metrics: Metrics,
  log: Logger,
) {
  const guard = createFailOpen({
    timeoutMs,
    tripAfterMs,
    pauseMs,
    onTrip: (err) => {
      metrics.rateLimiterUp.set(0);
      log.warn({ err: err.message, pauseMs }, 'rate-limit store not answering; writes go on unlimited');
    },
    onAnswer: () => metrics.rateLimiterUp.set(1),
  });
  metrics.rateLimiterUp.set(1);
  // Sent by its SHA (EVALSHA), the script's text only once per connection.
  redis.defineCommand('travelOrdersRateCount', { lua: COUNT });
  const countWrites = (redis as unknown as Record<string, (...args: Array<string | number>) => Promise<number[]>>)['travelOrdersRateCount'] as (...args: Array<string | number>) => Promise<number[]>;
  const policy = [perUser > 0 ? `"user";q=${perUser};w=${WINDOW_SECONDS}` : '', perAddress > 0 ? `"address";q=${perAddress};w=${WINDOW_SECONDS}` : ''].filter(Boolean).join(', ');

  /** For routes behind requireUser: counts the write against its user and its client address. */
  return function rateLimit(): Middleware<AppState> {
    return async (ctx, next) => {
      const limits: Limit[] = [];
      const user = ctx.state.principal?.userId;
      if (perUser > 0 && user) limits.push({ name: 'user', quota: perUser, key: `rl:u:${user.length}:${user}` });
      if (perAddress > 0) limits.push({ name: 'address', quota: perAddress, key: `rl:a:${ctx.state.clientAddress}` });
      if (limits.length === 0) return next();
      const now = Date.now() / 1000;
      const window = Math.floor(now / WINDOW_SECONDS);
      const elapsed = now / WINDOW_SECONDS - window;
      const keys = limits.flatMap((l) => [`${keyPrefix}${l.key}:${window}`, `${keyPrefix}${l.key}:${window - 1}`]);
      const answer = await guard.call(() => countWrites.call(redis, keys.length, ...keys, WINDOW_SECONDS, elapsed, ...limits.map((l) => l.quota)));
      if (!answer.ok) {
        metrics.rateLimitFailOpen.inc();
        return next();
      }
      const allowed = answer.value[0] === 1;
      const counts: Count[] = limits.map((l, i) => ({ ...l, current: Number(answer.value[2 * i + 1]), previous: Number(answer.value[2 * i + 2]) }));
      const room = (c: Count) => c.quota - (c.previous * (1 - elapsed) + c.current);
      // The tightest limit is the one a client should pace itself by.
      const tightest = counts.reduce((a, b) => (room(b) < room(a) ? b : a));
      const left = Math.max(0, Math.floor(room(tightest)));
      const wait = (c: Count) => Math.max(1, Math.ceil(secondsUntilRoom(c.quota, c.current, c.previous, elapsed)));
      ctx.set('RateLimit-Policy', policy);
      ctx.set('RateLimit', `"${tightest.name}";r=${left};t=${left > 0 ? Math.max(1, Math.ceil((1 - elapsed) * WINDOW_SECONDS)) : wait(tightest)}`);
      if (!allowed) {
        const over = counts.filter((c) => room(c) < 1).reduce((a, b) => (wait(b) > wait(a) ? b : a), tightest);
        metrics.requestsRefused.inc({ reason: `rate_limited_${over.name}` });
        throw new AppError('RATE_LIMITED', `Too many writes from this ${over.name}: at most ${over.quota} a minute`, { limit: over.quota, windowSeconds: WINDOW_SECONDS, per: over.name }, wait(over));
      }
      return next();
    };
  };
}

export type RateLimit = ReturnType<typeof createRateLimit>;
