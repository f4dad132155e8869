import { randomUUID } from 'node:crypto';
import { signatureHeader } from '../../src/payments/signature.js';
import { DEV_WEBHOOK_SECRET, call, type Res } from './harness.js';

export type CallbackBody = { paymentId: string; orderSn: string; providerTxnId: string; amountCents: number; status: 'succeeded' | 'failed' };

export const newTxnId = () => `txn_${randomUUID()}`;

/** Delivers a provider callback signed over the exact bytes sent (or tampered with, for the tests that need it). */
export function sendCallback(base: string, body: CallbackBody | string, { secret = DEV_WEBHOOK_SECRET, timestamp, signedBody }: { secret?: string; timestamp?: number; signedBody?: string } = {}): Promise<Res> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const header = signatureHeader(secret, signedBody ?? raw, timestamp ?? Math.floor(Date.now() / 1000));
  return call(base, 'POST', '/api/v1/payments/callback', { raw, headers: { 'Content-Type': 'application/json', 'Payment-Signature': header } });
}

export async function payIntent(base: string, token: string, orderSn: string): Promise<Res> {
  return call(base, 'POST', `/api/v1/orders/${orderSn}/pay`, { token });
}
