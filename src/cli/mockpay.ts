import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createAuthenticator } from '../http/auth.js';
import { signatureHeader } from '../payments/signature.js';

/**
 * A mock payment provider: npm run mockpay -- <orderSn> [--fail] [--amount N] [--times K] [--sub alice]
 *   [--url http://127.0.0.1:3000] [--payment-id ID] [--txn ID]
 * Gets the order's payment intent as its owner, then signs and delivers K identical callbacks at once.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      fail: { type: 'boolean', default: false },
      amount: { type: 'string' },
      times: { type: 'string', default: '1' },
      sub: { type: 'string', default: 'alice' },
      url: { type: 'string' },
      'payment-id': { type: 'string' },
      txn: { type: 'string' },
    },
  });
  const orderSn = positionals[0];
  if (!orderSn) throw new Error('usage: npm run mockpay -- <orderSn> [--fail] [--amount N] [--times K] [--sub owner] [--url base]');
  const config = loadConfig();
  const base = values.url ?? `http://127.0.0.1:${config.port}`;
  const times = Number(values.times);
  if (!Number.isInteger(times) || times < 1 || times > 1000) throw new Error('--times: 1 to 1000');

  let paymentId = values['payment-id'];
  let amountCents = values.amount !== undefined ? Number(values.amount) : undefined;
  if (!paymentId || amountCents === undefined) {
    const token = await createAuthenticator(config.jwtSecret).issue(values.sub, { ttlSeconds: 300 });
    const res = await fetch(`${base}/api/v1/orders/${encodeURIComponent(orderSn)}/pay`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    const intent = (await res.json()) as { paymentId?: string; amountCents?: number; error?: { code: string; message: string } };
    if (!res.ok || !intent.paymentId) throw new Error(`could not get the payment intent (${res.status}): ${intent.error?.message ?? 'no intent'}`);
    paymentId ??= intent.paymentId;
    amountCents ??= intent.amountCents;
  }
  const body = JSON.stringify({ paymentId, orderSn, providerTxnId: values.txn ?? `mock_${randomUUID()}`, amountCents, status: values.fail ? 'failed' : 'succeeded' });
  const results = await Promise.all(
    Array.from({ length: times }, async () => {
      const res = await fetch(`${base}/api/v1/payments/callback`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Payment-Signature': signatureHeader(config.paymentWebhookSecret, body) },
        body,
      });
      return `${res.status} ${await res.text()}`;
    }),
  );
  process.stdout.write(`callback ${body}\n`);
  for (const line of results) process.stdout.write(`${line}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`mockpay: ${(err as Error).message}\n`);
  process.exit(1);
});
