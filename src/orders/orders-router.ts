import Router from '@koa/router';
import type { AppState } from '../http/context.js';
import { requireUser, type Authenticator } from '../http/auth.js';
import type { RateLimit } from '../http/rate-limit.js';
import { requestFingerprint, validateIdempotencyKey } from '../http/idempotency.js';
import type { IdempotentRequests } from '../idempotency/idempotent-requests.js';
import { parseInput } from '../http/validate.js';
import type { OrderService } from './order-service.js';
import { orderView } from './order-view.js';
import { bookingSchemaFor, listOrdersQuery, orderSnParam, toPlaceOrderInput } from './order-schemas.js';
import type { PaymentService } from '../payments/payment-service.js';
import type { RefundService } from '../refunds/refund-service.js';

type Deps = { auth: Authenticator; orderService: OrderService; paymentService: PaymentService; refundService: RefundService; idempotentRequests: IdempotentRequests; rateLimit: RateLimit };

export function createOrdersRouter({ auth, orderService, paymentService, refundService, idempotentRequests, rateLimit }: Deps): Router<AppState> {
  const router = new Router<AppState>();
  router.use('/orders', requireUser(auth));

  router.post('/orders', rateLimit(), async (ctx) => {
    const principal = ctx.state.principal!;
    const userId = principal.userId;
    const input = toPlaceOrderInput(parseInput(bookingSchemaFor(ctx.state.body), ctx.state.body));
    const header = ctx.get('Idempotency-Key');
    if (!header) {
      ctx.status = 201;
      ctx.body = orderView(await orderService.placeOrder(principal, input));
      return;
    }
    const key = validateIdempotencyKey(header);
    const requestHash = requestFingerprint('POST', '/orders', ctx.state.body);
    const outcome = await idempotentRequests.run(
      userId,
      key,
      requestHash,
      (order: Awaited<ReturnType<OrderService['placeOrder']>>) => ({ status: 201, body: orderView(order) }),
      (recording) => orderService.placeOrder(principal, input, recording),
    );
    if (outcome.replayed || outcome.result?.replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = outcome.answer.status;
    ctx.body = outcome.answer.body;
  });

  router.get('/orders', async (ctx) => {
    const query = parseInput(listOrdersQuery, ctx.query);
    const page = await orderService.listOrders(ctx.state.principal!.userId, query);
    ctx.body = { orders: page.orders.map(orderView), nextCursor: page.nextCursor };
  });

  router.get('/orders/:orderSn', async (ctx) => {
    const orderSn = parseInput(orderSnParam, ctx.params['orderSn']);
    const order = await orderService.getOrder(ctx.state.principal!, orderSn);
    ctx.body = { ...orderView(order), payments: await paymentService.paymentsOf(order), refunds: await refundService.refundsOf(order) };
  });

  return router;
}
