import Router from '@koa/router';
import { z } from 'zod';
import type { AppState } from '../http/context.js';
import { parseInput } from '../http/validate.js';
import { FAULT_POINTS, type Faults } from './faults.js';
import type { Metrics } from './metrics.js';
import type { Json } from '../http/api-doc.js';
import type { Readiness } from './readiness.js';

const faultSchema = z.strictObject({
  point: z.enum(FAULT_POINTS),
  delayMs: z.number().int().min(0).max(120_000).optional(),
  crash: z.boolean().optional(),
  times: z.number().int().min(1).max(1000).optional(),
});

/** Health, readiness, metrics and the API document: outside /api/v1, outside the access log. */
type Deps = { readiness: Readiness; metrics: Metrics; faults: Faults; apiDocument: Json };

export function createOpsRouter({ readiness, metrics, faults, apiDocument }: Deps): Router<AppState> {
  const router = new Router<AppState>();

  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const report = await readiness.check();
    ctx.status = report.ready ? 200 : 503;
    ctx.body = { status: report.ready ? 'ready' : 'not ready', ...report };
  });
  router.get('/metrics', async (ctx) => {
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  router.get('/openapi.json', (ctx) => {
    ctx.body = apiDocument;
  });
  if (faults.enabled) {
    router.post('/__faults', (ctx) => {
      faults.arm(parseInput(faultSchema, ctx.state.body, 'body'));
      ctx.status = 204;
    });
    router.delete('/__faults', (ctx) => {
      faults.clear();
      ctx.status = 204;
    });
  }
  return router;
}
