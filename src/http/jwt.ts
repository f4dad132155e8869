import { createHmac, timingSafeEqual, type KeyObject } from 'node:crypto';

/** Why a token was refused; the message is safe to show. */
export class TokenRefusal extends Error {
  override readonly name = 'TokenRefusal';
}

export type Claims = { sub?: unknown; exp?: unknown; nbf?: unknown; role?: unknown; [claim: string]: unknown };

const B64URL = /^[A-Za-z0-9_-]*$/;

function decodeJson(part: string): Record<string, unknown> {
  if (!B64URL.test(part)) throw new TokenRefusal('The token is not valid');
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw new TokenRefusal('The token is not valid');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new TokenRefusal('The token is not valid');
  return value as Record<string, unknown>;
}

/**
 * Verifies a compact JWS signed HS256 with `key`, synchronously with node:crypto (no WebCrypto round trip per token):
 * header `alg` exactly HS256 and no `crit`; signature compared in constant time before the payload is read; `exp`
 * required and in the future, `nbf` (if any) not in the future. Anything else is refused.
 */
export function verifyHs256(token: string, key: KeyObject, nowSeconds = Date.now() / 1000): Claims {
  const parts = token.split('.');
  if (parts.length !== 3) throw new TokenRefusal('The token is not valid');
  const [head, body, signature] = parts as [string, string, string];
  const header = decodeJson(head);
  if (header['alg'] !== 'HS256' || header['crit'] !== undefined || (header['typ'] !== undefined && header['typ'] !== 'JWT')) {
    throw new TokenRefusal('The token is not valid');
  }
  if (!B64URL.test(signature)) throw new TokenRefusal('The token is not valid');
  const given = Buffer.from(signature, 'base64url');
  const expected = createHmac('sha256', key).update(`${head}.${body}`).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new TokenRefusal('The token is not valid');
  const claims = decodeJson(body) as Claims;
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) throw new TokenRefusal('The token is not valid');
  if (claims.exp <= nowSeconds) throw new TokenRefusal('The token has expired');
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > nowSeconds)) throw new TokenRefusal('The token is not valid');
  return claims;
}
