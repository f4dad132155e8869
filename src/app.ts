import Koa from 'koa';
import Router from '@koa/router';
import { createCatalogRouter } from './catalog/catalog-router.js';
import type { Deps } from './deps.js';
import { jsonBody } from './http/body.js';
import type { AppState } from './http/context.js';
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

  const api = new Router<AppState>({ prefix: '/api/v1' });
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
  app.use(api.routes());
  app.use(
    api.allowedMethods({
      throw: true,
      methodNotAllowed: () => new AppError('METHOD_NOT_ALLOWED', 'This method is not allowed here'),
      notImplemented: () => new AppError('METHOD_NOT_ALLOWED', 'This method is not supported'),
    }),
  );
  return app;
}
