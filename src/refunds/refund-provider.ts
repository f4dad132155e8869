import type { Logger } from 'pino';
import { signatureHeader } from '../payments/signature.js';

/** What the payment provider is asked to refund: the refund, and the provider's own transaction it comes out of. */
export type RefundRequest = { refundId: string; attempt: number; providerTxnId: string; amountCents: number; currency: string };
export type RefundNotice = { type: 'refund'; refundId: string; providerRefundId: string; amountCents: number; status: 'succeeded' | 'failed' };

/** Asks for a refund; the provider answers later, on the signed callback. Throws if the request was not taken. */
export type RefundProvider = { readonly name: string; request(refund: RefundRequest): Promise<void> };

/** A provider reached over HTTP: the request is signed like the callbacks, with the shared webhook secret. */
export function httpRefundProvider(url: string, secret: string, timeoutMs = 5000): RefundProvider {
  return {
    name: 'http',
    async request(refund) {
      const body = JSON.stringify(refund);
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Payment-Signature': signatureHeader(secret, body) },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!res.ok) throw new Error(`refund provider answered ${res.status}`);
    },
  };
}

/**
 * The development provider: takes every refund and, a moment later, delivers the success notice through the same
 * handling a signed callback gets (after its signature check), as a provider calling back would.
 */
export function mockRefundProvider(deliver: (notice: RefundNotice) => Promise<unknown>, log: Logger, delayMs = 100): RefundProvider {
  return {
    name: 'mock',
    async request(refund) {
      setTimeout(() => {
        const notice: RefundNotice = { type: 'refund', refundId: refund.refundId, providerRefundId: `mockrf_${refund.refundId}_${refund.attempt}`, amountCents: refund.amountCents, status: 'succeeded' };
        deliver(notice).catch((err: unknown) => log.warn({ err, refundId: refund.refundId }, 'mock refund notice not delivered'));
      }, delayMs).unref();
    },
  };
}

/** No provider: refunds wait, pending, for a notice that comes from elsewhere (an operator, a test). */
export const manualRefundProvider: RefundProvider = { name: 'manual', request: async () => undefined };
