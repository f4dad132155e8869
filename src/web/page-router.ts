import Router from '@koa/router';
import type { AppState } from '../http/context.js';

/** The booking page; filled in by the browser client. */
export function createPageRouter(): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/', (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = 'travel-orders: the API lives under /api/v1; its document is /openapi.json\n';
  });
  return router;
}
