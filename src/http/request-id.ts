import { randomUUID } from 'node:crypto';
import type { Middleware } from 'koa';
import type { Logger } from 'pino';
import type { AppState } from './context.js';

const sane = /^[A-Za-z0-9._:-]{1,128}$/;

/** Takes the caller's X-Request-Id when it is sane, else makes one; echoes it and binds it to the log. */
export function requestId(log: Logger, clientAddress: (peer: string | undefined, forwardedFor: string | undefined) => string = (p) => p ?? 'unknown'): Middleware<AppState> {
  return async (ctx, next) => {
    ctx.state.clientAddress = clientAddress(ctx.req.socket.remoteAddress, ctx.get('X-Forwarded-For') || undefined);
    const given = ctx.get('X-Request-Id');
    const id = sane.test(given) ? given : randomUUID();
    ctx.state.requestId = id;
    ctx.state.log = log.child({ reqId: id });
    ctx.set('X-Request-Id', id);
    await next();
  };
}
