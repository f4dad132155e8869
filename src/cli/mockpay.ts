import { randomUUID } from 'node:crypto';
import { loadConfig } from '../config.js';
import { createAuthenticator } from '../http/auth.js';
import { signatureHeader } from '../payments/signature.js';
import { CommandFailure, UsageError, describeError, parseCommandLine, runCommand } from './command.js';

const NAME = 'mockpay';
const USAGE = `
Usage: npm run mockpay -- <orderSn> [--fail] [--amount N] [--times K] [--sub alice] [--url http://127.0.0.1:3000]
                          [--payment-id ID] [--txn ID]

A mock payment provider: gets the order's payment intent as its owner (POST /api/v1/orders/<orderSn>/pay), then
signs one callback and delivers it K times at once (POST /api/v1/payments/callback), printing every answer.
  --fail             report the payment as failed instead of succeeded
  --amount N         the amount in cents (default: the intent's)
  --times K          deliveries of the same callback, 1 to 1000; default 1
  --sub ID           the order's owner, whose token asks for the intent; default alice
  --url BASE         the service; default http://127.0.0.1:$PORT
  --payment-id ID    the intent's id (with --amount, the intent is not asked for)
  --txn ID           the provider's transaction id; default a new one
  -h, --help         this text

Reads PORT, JWT_SECRET and PAYMENT_WEBHOOK_SECRET (the development secrets outside production).
Exit: 0 every delivery was answered 2xx (or 409 CALLBACK_IN_PROGRESS, which a provider retries); 1 the service could
not be reached, refused the intent or refused a callback; 2 the command line is wrong.
`;

/** fetch, with a failure that names the URL it tried. */
async function send(url: string, init: RequestInit): Promise<{ status: number; text: string }> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    throw new CommandFailure(`could not reach ${url} (${describeError(err)})`);
  }
  return { status: res.status, text: await res.text() };
}

const errorOf = (text: string): string => {
  try {
    const body = JSON.parse(text) as { error?: { code?: string; message?: string } };
    return body.error ? `${body.error.code ?? ''} ${body.error.message ?? ''}`.trim() : text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
};

runCommand(NAME, USAGE, async () => {
  const { values, positionals } = parseCommandLine({
    name: NAME,
    usage: USAGE,
    args: {
      allowPositionals: true,
      options: {
        fail: { type: 'boolean', default: false },
        amount: { type: 'string' },
        times: { type: 'string', default: '1' },
        sub: { type: 'string', default: 'alice' },
        url: { type: 'string' },
        'payment-id': { type: 'string' },
        txn: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    },
  });
  const [orderSn, ...extra] = positionals;
  if (!orderSn) throw new UsageError('the order number is missing');
  if (extra.length > 0) throw new UsageError(`one order number only, not also '${extra.join(' ')}'`);
  const times = Number(values.times);
  if (!/^\d+$/.test(values.times) || times < 1 || times > 1000) throw new UsageError(`--times: 1 to 1000, not '${values.times}'`);
  if (values.amount !== undefined && !/^\d+$/.test(values.amount)) throw new UsageError(`--amount: a whole number of cents, not '${values.amount}'`);
  const config = loadConfig();
  const base = (values.url ?? `http://127.0.0.1:${config.port}`).replace(/\/+$/, '');
  try {
    new URL(base);
  } catch {
    throw new UsageError(`--url: not a URL: '${base}'`);
  }

  let paymentId = values['payment-id'];
  let amountCents = values.amount !== undefined ? Number(values.amount) : undefined;
  if (!paymentId || amountCents === undefined) {
    const token = await createAuthenticator(config.jwtSecret).issue(values.sub, { ttlSeconds: 300 });
    const url = `${base}/api/v1/orders/${encodeURIComponent(orderSn)}/pay`;
    const res = await send(url, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
    const intent = (res.status < 300 ? JSON.parse(res.text) : {}) as { paymentId?: string; amountCents?: number };
    if (!intent.paymentId) throw new CommandFailure(`could not get the payment intent from POST ${url}: ${res.status} ${errorOf(res.text)}`);
    paymentId ??= intent.paymentId;
    amountCents ??= intent.amountCents;
  }
  const body = JSON.stringify({ paymentId, orderSn, providerTxnId: values.txn ?? `mock_${randomUUID()}`, amountCents, status: values.fail ? 'failed' : 'succeeded' });
  const url = `${base}/api/v1/payments/callback`;
  const results = await Promise.all(
    Array.from({ length: times }, () =>
      send(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Payment-Signature': signatureHeader(config.paymentWebhookSecret, body) }, body }),
    ),
  );
  process.stdout.write(`callback ${body}\n`);
  for (const r of results) process.stdout.write(`${r.status} ${r.text}\n`);
  const refused = results.filter((r) => r.status >= 300 && !(r.status === 409 && r.text.includes('CALLBACK_IN_PROGRESS')));
  if (refused.length > 0) throw new CommandFailure(`${refused.length} of ${times} callback(s) refused by ${url}: ${refused[0]?.status} ${errorOf(refused[0]?.text ?? '')}`);
});
