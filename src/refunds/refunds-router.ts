import Router from '@koa/router';
import type { AppState } from '../http/context.js';
import { requireAdmin, requireUser, type Authenticator } from '../http/auth.js';
import type { RateLimit } from '../http/rate-limit.js';
import { parseInput } from '../http/validate.js';
import { orderSnParam } from '../orders/order-schemas.js';
import { orderView } from '../orders/order-view.js';
import { cancelBodySchema, listRefundsQuery, paymentIdParam, refundIdParam } from './refund-schemas.js';
import type { RefundService } from './refund-service.js';

type Deps = { auth: Authenticator; refundService: RefundService; rateLimit: RateLimit };

export function createRefundsRouter({ auth, refundService, rateLimit }: Deps): Router<AppState> {
  const router = new Router<AppState>();
  const admin = requireAdmin(auth);

  router.post('/orders/:orderSn/cancel', requireUser(auth), rateLimit(), async (ctx) => {
    const orderSn = parseInput(orderSnParam, ctx.params['orderSn'], 'path.orderSn');
    const body = parseInput(cancelBodySchema, ctx.state.body, 'body');
    const order = await refundService.cancelOrder(ctx.state.principal!, orderSn, body?.lines);
    ctx.body = { ...orderView(order), refunds: await refundService.refundsOf(order) };
  });

  router.get('/admin/refunds', admin, async (ctx) => {
    const { status, limit } = parseInput(listRefundsQuery, ctx.query, 'query');
    ctx.body = { refunds: await refundService.list(status, limit) };
  });

  router.post('/admin/refunds/:refundId/retry', admin, async (ctx) => {
    ctx.body = await refundService.retry(parseInput(refundIdParam, ctx.params['refundId'], 'path.refundId'));
  });

  router.post('/admin/payments/:paymentId/refund', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await refundService.refundPayment(parseInput(paymentIdParam, ctx.params['paymentId'], 'path.paymentId'));
  });

  return router;
}
