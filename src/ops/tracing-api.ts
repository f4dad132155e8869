import type { Knex } from 'knex';
import type { Middleware } from 'koa';
import type { Redis } from 'ioredis';
import type { AppState } from '../http/context.js';
import type { HeldLeases, WithItemLock, WithItemLocks } from '../locks/item-locks.js';

/** What bookings ask of the locks; tracing puts a span around each wait for a lease. */
export type TracedLocks = {
  withItemLock: WithItemLock;
  withItemLocks: WithItemLocks;
  tryHoldAll(keys: readonly string[]): Promise<HeldLeases | undefined>;
  wasRefusedRecently(key: string): boolean;
};

/**
 * Traces, when OTEL_EXPORTER_OTLP_ENDPOINT is set: a server span per request (its parent taken from the W3C
 * `traceparent` header), a span per wait for a lease, per transaction and per MySQL and Redis call, sent over OTLP/HTTP.
 * When the variable is unset nothing of OpenTelemetry is loaded, and nothing is wrapped: deps leaves every part as it is.
 */
export type Tracing = {
  /** The request's span, outermost after the request id, so the access line and every line below carry its ids. */
  middleware(): Middleware<AppState>;
  /** Fields of the active span for every log line (pino's mixin): `traceId`, `spanId`. */
  logFields(): Record<string, string>;
  /** The same locks, each lease wait in a span of its own. */
  locks<L extends TracedLocks>(locks: L): TracedLocks;
  /** Spans for the pool's transactions and statements. */
  instrumentDb(db: Knex): void;
  /** Spans for every command sent on this client. */
  instrumentRedis(client: Redis, role: string): void;
  /** Sends what is buffered. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
};
