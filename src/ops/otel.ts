import { ROOT_CONTEXT, SpanKind, SpanStatusCode, context, propagation, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Knex } from 'knex';
import type { Redis } from 'ioredis';
import type { Lease } from '../locks/item-locks.js';
import type { Tracing, TracedLocks } from './tracing-api.js';

// Loaded only through loadTracing (tracing.ts), and only when OTEL_EXPORTER_OTLP_ENDPOINT is set.

const MAX_STATEMENT_CHARS = 2000;
// Probes and scrapes make no traces: HAProxy and Prometheus ask several times a second.
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/** Spans below a request only: background sweeps and readiness pings, outside any span, make none. */
const inSpan = () => trace.getSpan(context.active()) !== undefined;

function failed(span: Span, err: unknown): void {
  const e = err as { message?: string; code?: string };
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: e?.code ?? e?.message ?? 'error' });
}

/** Ends the span when the promise settles, as an error if it rejects; returns the promise as it was. */
function endWith<T>(span: Span, p: Promise<T>): Promise<T> {
  return p.then(
    (v) => {
      span.end();
      return v;
    },
    (err: unknown) => {
      failed(span, err);
      span.end();
      throw err;
    },
  );
}

type KnexQuery = { sql?: string; method?: string; __knexQueryUid?: string; __knexTxId?: string };
type RedisCommand = { name: string; promise: Promise<unknown> };

export function createOtelTracing({ endpoint, serviceName, scheduledDelayMillis }: { endpoint: string; serviceName: string; scheduledDelayMillis?: number }): Tracing {
  const exporter = new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(exporter, scheduledDelayMillis !== undefined ? { scheduledDelayMillis } : {})],
  });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator.
  provider.register();
  const tracer = provider.getTracer('travel-orders');

  /**
   * `hold(fn)` waits for a lease and runs fn under it: the wait is a span that starts now and ends when the lease is
   * held (or refused); fn then runs in the waiter's own context, not under the wait.
   */
  function underWait<T>(keys: string, hold: (fn: (lease: Lease) => Promise<T>) => Promise<T>, fn: (lease: Lease) => Promise<T>): Promise<T> {
    const parent = context.active();
    const span = tracer.startSpan('lease.wait', { attributes: { 'lease.keys': keys } }, parent);
    let open = true;
    const end = (err?: unknown) => {
      if (!open) return;
      open = false;
      if (err !== undefined) failed(span, err);
      span.end();
    };
    return hold((lease) => {
      end();
      return context.with(parent, () => fn(lease));
    }).catch((err: unknown) => {
      end(err);
      throw err;
    });
  }

  return {
    middleware() {
      return async (ctx, next) => {
        if (QUIET.has(ctx.path)) return next();
        const parent = propagation.extract(ROOT_CONTEXT, ctx.headers);
        const span = tracer.startSpan(ctx.method, { kind: SpanKind.SERVER, attributes: { 'http.request.method': ctx.method, 'url.path': ctx.path, 'http.request.id': ctx.state.requestId } }, parent);
        try {
          await context.with(trace.setSpan(parent, span), next);
        } catch (err) {
          failed(span, err);
          throw err;
        } finally {
          const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute;
          if (route) {
            span.setAttribute('http.route', route);
            span.updateName(`${ctx.method} ${route}`);
          }
          span.setAttribute('http.response.status_code', ctx.status);
          if (ctx.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
        }
      };
    },

    logFields(): Record<string, string> {
      const span = trace.getSpan(context.active());
      if (!span) return {};
      const { traceId, spanId } = span.spanContext();
      return { traceId, spanId };
    },

    locks(locks: TracedLocks): TracedLocks {
      return {
        withItemLock: (key, fn) => (inSpan() ? underWait(key, (run) => locks.withItemLock(key, run), fn) : locks.withItemLock(key, fn)),
        withItemLocks: (keys, fn) => (inSpan() ? underWait([...keys].sort().join(','), (run) => locks.withItemLocks(keys, run), fn) : locks.withItemLocks(keys, fn)),
        tryHoldAll: (keys) => {
          if (!inSpan()) return locks.tryHoldAll(keys);
          const span = tracer.startSpan('lease.wait', { attributes: { 'lease.keys': [...keys].join(','), 'lease.together': true } });
          return endWith(span, locks.tryHoldAll(keys)).then((held) => {
            if (!held) span.setAttribute('lease.refused', true);
            return held;
          });
        },
        wasRefusedRecently: (key) => locks.wasRefusedRecently(key),
      };
    },

    instrumentDb(db: Knex) {
      const database = (db.client as { config?: { connection?: { database?: string } } }).config?.connection?.database;
      const open = new Map<string, Span>();
      db.on('query', (q: KnexQuery) => {
        if (!q.__knexQueryUid || !q.sql || !inSpan()) return;
        const verb = /^\s*(\w+)/.exec(q.sql)?.[1]?.toUpperCase() ?? 'QUERY';
        const span = tracer.startSpan(`mysql ${verb}`, {
          kind: SpanKind.CLIENT,
          attributes: { 'db.system.name': 'mysql', 'db.operation.name': verb, 'db.query.text': q.sql.slice(0, MAX_STATEMENT_CHARS), ...(database ? { 'db.namespace': database } : {}) },
        });
        open.set(q.__knexQueryUid, span);
      });
      const close = (q: KnexQuery, err?: unknown) => {
        const span = q.__knexQueryUid ? open.get(q.__knexQueryUid) : undefined;
        if (!span) return;
        open.delete(q.__knexQueryUid as string);
        if (err !== undefined) failed(span, err);
        span.end();
      };
      db.on('query-response', (_res: unknown, q: KnexQuery) => close(q));
      db.on('query-error', (err: unknown, q: KnexQuery) => close(q, err));
      // One span per transaction, around its work and its COMMIT or ROLLBACK; its statements are its children.
      const transaction = db.transaction.bind(db) as (...args: unknown[]) => unknown;
      // knex defines its methods read-only (but configurable) on the instance.
      Object.defineProperty(db, 'transaction', {
        configurable: true,
        value: (...args: unknown[]) => {
          const work = args[0];
          if (typeof work !== 'function' || !inSpan()) return transaction(...args);
          return tracer.startActiveSpan('db.transaction', { kind: SpanKind.INTERNAL, attributes: { 'db.system.name': 'mysql' } }, (span) =>
            endWith(span, transaction(work, ...args.slice(1)) as Promise<unknown>),
          );
        },
      });
    },

    instrumentRedis(client: Redis, role: string) {
      const send = client.sendCommand.bind(client) as (command: RedisCommand, ...rest: unknown[]) => unknown;
      const { host, port } = client.options;
      (client as unknown as { sendCommand: (command: RedisCommand, ...rest: unknown[]) => unknown }).sendCommand = (command, ...rest) => {
        if (!inSpan()) return send(command, ...rest);
        const span = tracer.startSpan(`redis ${command.name}`, {
          kind: SpanKind.CLIENT,
          attributes: { 'db.system.name': 'redis', 'db.operation.name': command.name, 'server.address': host ?? '', 'server.port': port ?? 0, 'redis.role': role },
        });
        const result = send(command, ...rest);
        command.promise.then(
          () => span.end(),
          (err: unknown) => {
            failed(span, err);
            span.end();
          },
        );
        return result;
      };
    },

    flush: () => provider.forceFlush(),

    async shutdown() {
      await provider.shutdown();
      // Leave no global behind (a test process goes on without tracing).
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
}
