import Router from '@koa/router';
import { z } from 'zod';
import type { AppState } from '../http/context.js';
import { requireAdmin, type Authenticator } from '../http/auth.js';
import { parseInput } from '../http/validate.js';
import type { PaymentService } from './payment-service.js';

const listQuery = z.object({
  status: z.enum(['succeeded', 'failed', 'amount_mismatch', 'refund_required']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function createPaymentsRouter({ auth, paymentService }: { auth: Authenticator; paymentService: PaymentService }): Router<AppState> {
  const router = new Router<AppState>();

  router.post('/payments/callback', async (ctx) => {
    const answer = await paymentService.handleCallback(ctx.get('Payment-Signature'), ctx.state.rawBody ?? Buffer.alloc(0), ctx.state.body);
    ctx.status = answer.status;
    ctx.body = answer.body;
  });

  router.get('/admin/payments', requireAdmin(auth), async (ctx) => {
    const { status, limit } = parseInput(listQuery, ctx.query);
    ctx.body = { payments: await paymentService.listPayments(status, limit) };
  });

  return router;
}
