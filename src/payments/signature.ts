import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../errors.js';

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signPayload(secret: string, timestamp: number, rawBody: Buffer | string): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header a provider sends: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. */
export function signatureHeader(secret: string, rawBody: Buffer | string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${signPayload(secret, timestamp, rawBody)}`;
}

/** Checks the signature over the exact bytes received (constant-time), then the timestamp's freshness. */
export function verifySignature(secret: string, header: string, rawBody: Buffer, nowSeconds = Math.floor(Date.now() / 1000)): void {
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const [k, v] = part.trim().split('=', 2);
    if (k === 't' && v && /^\d{1,12}$/.test(v)) timestamp = Number(v);
    if (k === 'v1' && v && /^[0-9a-f]{64}$/.test(v)) candidates.push(v);
  }
  if (timestamp === undefined || candidates.length === 0) throw new AppError('BAD_SIGNATURE', 'Payment-Signature is missing or malformed');
  const expected = Buffer.from(signPayload(secret, timestamp, rawBody), 'hex');
  const matches = candidates.some((c) => timingSafeEqual(Buffer.from(c, 'hex'), expected));
  if (!matches) throw new AppError('BAD_SIGNATURE', 'Payment-Signature does not match the body');
  if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new AppError('STALE_SIGNATURE', `The signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s from now`);
  }
}
