import Router from '@koa/router';
import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { AppState } from '../http/context.js';
import { requireAdmin, requireUser, type Authenticator } from '../http/auth.js';
import type { RateLimit } from '../http/rate-limit.js';
import { idempotencyKeyOf, requestFingerprint } from '../http/idempotency.js';
import type { IdempotentRequests } from '../idempotency/idempotent-requests.js';
import { parseInput } from '../http/validate.js';
import { orderSnParam } from '../orders/order-schemas.js';
import { callbackSchema, listPaymentsQuery, type Callback } from './payment-schemas.js';
import type { PayIntentResult, PaymentService } from './payment-service.js';
import { verifySignature } from './signature.js';
import type { RefundNotice } from '../refunds/refund-provider.js';
import { refundNoticeSchema } from '../refunds/refund-schemas.js';
import type { RefundService } from '../refunds/refund-service.js';

type Deps = { config: Config; auth: Authenticator; paymentService: PaymentService; refundService: RefundService; idempotentRequests: IdempotentRequests; rateLimit: RateLimit };

export function createPaymentsRouter({ config, auth, paymentService, refundService, idempotentRequests, rateLimit }: Deps): Router<AppState> {
  const router = new Router<AppState>();

  router.post('/orders/:orderSn/pay', requireUser(auth), rateLimit(), async (ctx) => {
    const principal = ctx.state.principal!;
    const orderSn = parseInput(orderSnParam, ctx.params['orderSn'], 'path.orderSn');
    const key = idempotencyKeyOf(ctx.headers);
    const answerOf = ({ intent, created }: PayIntentResult) => ({ status: created ? 201 : 200, body: intent });
    const outcome = key
      ? await idempotentRequests.run(principal.userId, key, requestFingerprint('POST', `/orders/${orderSn}/pay`, ctx.state.body ?? null), answerOf, (recording) =>
          paymentService.payIntent(principal, orderSn, recording),
        )
      : { answer: answerOf(await paymentService.payIntent(principal, orderSn)), replayed: false };
    if (outcome.replayed) ctx.set('Idempotent-Replayed', 'true');
    ctx.status = outcome.answer.status;
    ctx.body = outcome.answer.body;
  });

  router.post('/payments/callback', async (ctx) => {
    let callback: Callback | RefundNotice;
    try {
      // The signature covers the exact bytes received; only then is the body read.
      verifySignature(config.paymentWebhookSecret, ctx.get('Payment-Signature'), ctx.state.rawBody ?? Buffer.alloc(0));
      const body = ctx.state.body as { type?: unknown } | undefined;
      callback = body?.type === 'refund' ? parseInput(refundNoticeSchema, body, 'body') : parseInput(callbackSchema, body, 'body');
    } catch (err) {
      paymentService.countRefusedCallback(err instanceof AppError ? err.code : 'error');
      throw err;
    }
    const answer = 'refundId' in callback ? await refundService.receiveNotice(callback) : await paymentService.receiveCallback(callback);
    ctx.status = answer.status;
    ctx.body = answer.body;
  });

  router.get('/admin/payments', requireAdmin(auth), async (ctx) => {
    const { status, limit } = parseInput(listPaymentsQuery, ctx.query, 'query');
    ctx.body = { payments: await paymentService.listPayments(status, limit) };
  });

  return router;
}
