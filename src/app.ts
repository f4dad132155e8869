import Koa from 'koa';
import Router from '@koa/router';
import { createCatalogRouter } from './catalog/catalog-router.js';
import type { Deps } from './deps.js';
import { jsonBody } from './http/body.js';
import { API_PREFIX, type AppState } from './http/context.js';
import { errorHandler } from './http/error-handler.js';
import { AppError } from './errors.js';
import { createClientAddress } from './http/client-address.js';
import { requestId } from './http/request-id.js';
import { observe } from './ops/observe.js';
import { buildApiDocument } from './api-document.js';
import { createOpsRouter } from './ops/ops-router.js';
import { createOrdersRouter } from './orders/orders-router.js';
import { createPaymentsRouter } from './payments/payments-router.js';
import { createRefundsRouter } from './refunds/refunds-router.js';
import { createPageRouter } from './web/page-router.js';

export type DrainState = { draining: boolean; inFlight: number };

/** Middleware order and routers; it never listens. */
export function createApp(deps: Deps, drain: DrainState = { draining: false, inFlight: 0 }): Koa<AppState> {
  const app = new Koa<AppState>();
  // The client's address comes from X-Forwarded-For only when the peer is a trusted proxy (TRUSTED_PROXIES).
  app.proxy = false;
  app.silent = true;

  const api = new Router<AppState>({ prefix: API_PREFIX });
  for (const r of [
    createCatalogRouter(deps),
    createOrdersRouter(deps),
    createPaymentsRouter(deps),
    createRefundsRouter(deps),
  ]) {
    api.use(r.routes());
  }
  const ops = createOpsRouter({ ...deps, apiDocument: buildApiDocument() });
  const page = createPageRouter(deps);

  app.use(requestId(deps.log, createClientAddress(deps.config.trustedProxies)));
  // Only with OTEL_EXPORTER_OTLP_ENDPOINT set: the request's span, around everything below.
  if (deps.tracing) app.use(deps.tracing.middleware());
  app.use(observe(deps.metrics, drain));
  app.use(errorHandler());
  app.use(jsonBody(deps.config.bodyLimitBytes));
  app.use(ops.routes());
  app.use(page.routes());
  app.use(methodNotAllowed());
  app.use(api.routes());
  // The router answers a known path with an unknown method 405 (501 for a method it has never heard of) and sets Allow.
  app.use(api.allowedMethods({ throw: false }));
  return app;
}

/** The router's bare 405/501 as the contract's error body; its Allow header (the path's methods) stays on the answer. */
function methodNotAllowed(): Koa.Middleware<AppState> {
  return async (ctx, next) => {
    await next();
    if ((ctx.status === 405 || ctx.status === 501) && ctx.body == null) {
      const allow = ctx.response.get('Allow');
      // A method the router has never heard of, on a path nothing serves: that path is simply not there.
      if (!allow) {
        ctx.remove('Allow');
        throw new AppError('NOT_FOUND', `No route for ${ctx.method} ${ctx.path}`);
      }
      throw new AppError('METHOD_NOT_ALLOWED', `${ctx.method} is not allowed on ${ctx.path}; it allows ${allow}`);
    }
  };
}
