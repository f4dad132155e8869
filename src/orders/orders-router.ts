import Router from '@koa/router';
import { API_PREFIX, type AppState } from '../http/context.js';
import { requireUser, type Authenticator } from '../http/auth.js';
import type { RateLimit } from '../http/rate-limit.js';
import { idempotencyKeyOf, requestFingerprint } from '../http/idempotency.js';
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
    // The header first: an empty or malformed key is refused before anything is booked.
    const key = idempotencyKeyOf(ctx.headers);
    const input = toPlaceOrderInput(parseInput(bookingSchemaFor(ctx.state.body), ctx.state.body, 'body'));
    let outcome: { answer: { status: number; body: unknown }; replayed: boolean };
    if (!key) {
      outcome = { answer: { status: 201, body: orderView(await orderService.placeOrder(principal, input)) }, replayed: false };
    } else {
      const run = await idempotentRequests.run(
        userId,
        key,
        requestFingerprint('POST', '/orders', ctx.state.body),
        (order: Awaited<ReturnType<OrderService['placeOrder']>>) => ({ status: 201, body: orderView(order) }),
        (recording) => orderService.placeOrder(principal, input, recording),
      );
      outcome = { answer: run.answer, replayed: Boolean(run.replayed || run.result?.replayed) };
    }
    if (outcome.replayed) ctx.set('Idempotent-Replayed', 'true');
    // A made order (or its replay) says where it lives.
    const orderSn = (outcome.answer.body as { orderSn?: unknown } | undefined)?.orderSn;
    if (outcome.answer.status === 201 && typeof orderSn === 'string') ctx.set('Location', `${API_PREFIX}/orders/${orderSn}`);
    ctx.status = outcome.answer.status;
    ctx.body = outcome.answer.body;
  });

  router.get('/orders', async (ctx) => {
    const query = parseInput(listOrdersQuery, ctx.query, 'query');
    const page = await orderService.listOrders(ctx.state.principal!.userId, query);
    ctx.body = { orders: page.orders.map(orderView), nextCursor: page.nextCursor };
  });

  router.get('/orders/:orderSn', async (ctx) => {
    const orderSn = parseInput(orderSnParam, ctx.params['orderSn'], 'path.orderSn');
    const order = await orderService.getOrder(ctx.state.principal!, orderSn);
    ctx.body = { ...orderView(order), payments: await paymentService.paymentsOf(order), refunds: await refundService.refundsOf(order) };
  });

  return router;
}
