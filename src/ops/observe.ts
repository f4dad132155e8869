import type { Middleware } from 'koa';
import type { AppState } from '../http/context.js';
import type { Metrics } from './metrics.js';

const QUIET = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * A read that succeeded: the page, its files, and what the open page polls (orders, availability) every few seconds.
 * Their access lines are at debug; writes, and every refusal or failure, stay at info.
 */
export const isQuiet = (method: string, status: number): boolean => (method === 'GET' || method === 'HEAD') && status < 400;

/**
 * One access line and one latency sample per request, labelled with the router's pattern (never the raw
 * path, which would explode the label set). Health, readiness and metrics stay out of both.
 */
export function observe(metrics: Metrics, drain: { draining: boolean; inFlight: number }): Middleware<AppState> {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    drain.inFlight += 1;
    try {
      await next();
    } finally {
      drain.inFlight -= 1;
      // While draining, ask keep-alive clients to reconnect elsewhere.
      if (drain.draining) ctx.set('Connection', 'close');
      if (!QUIET.has(ctx.path)) {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const route = (ctx as unknown as { _matchedRoute?: string })._matchedRoute ?? 'unmatched';
        metrics.httpDuration.observe({ method: ctx.method, route, status_code: String(ctx.status) }, seconds);
        const line = { method: ctx.method, route, status: ctx.status, ms: Math.round(seconds * 10000) / 10 };
        if (isQuiet(ctx.method, ctx.status)) ctx.state.log?.debug(line, 'request');
        else ctx.state.log?.info(line, 'request');
      }
    }
  };
}
