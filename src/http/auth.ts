import { createSecretKey } from 'node:crypto';
import type { Middleware } from 'koa';
import { SignJWT } from 'jose';
import { AppError } from '../errors.js';
import type { AppState, Principal } from './context.js';
import { TokenRefusal, verifyHs256 } from './jwt.js';

export type Authenticator = {
  verify(authorization: string): Promise<Principal>;
  issue(subject: string, options?: { admin?: boolean; trusted?: boolean; ttlSeconds?: number }): Promise<string>;
};

const unauthorized = (message: string) => new AppError('UNAUTHORIZED', message);

export function createAuthenticator(secret: string): Authenticator {
  // One key object, made once: verification is a synchronous HMAC over it (jose signs the development tokens).
  const key = createSecretKey(Buffer.from(secret, 'utf8'));
  return {
    async verify(authorization) {
      const match = /^Bearer ([A-Za-z0-9_.-]+)$/.exec(authorization.trim());
      if (!match) throw unauthorized('A Bearer token is required');
      let claims;
      try {
        // Only HS256 is accepted: `alg: none` and every other algorithm are refused.
        claims = verifyHs256(match[1] as string, key);
      } catch (err) {
        if (err instanceof TokenRefusal) throw unauthorized(err.message);
        throw err;
      }
      const sub = claims.sub;
      if (typeof sub !== 'string' || sub.length === 0 || sub.length > 128) throw unauthorized('The token has no usable subject');
      const admin = claims.role === 'admin';
      return { userId: sub, admin, exempt: admin || claims['trusted'] === true };
    },
    async issue(subject, { admin = false, trusted = false, ttlSeconds = 24 * 3600 } = {}) {
      return new SignJWT({ ...(admin ? { role: 'admin' } : {}), ...(trusted ? { trusted: true } : {}) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(subject)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
    },
  };
}

export function requireUser(auth: Authenticator): Middleware<AppState> {
  return async (ctx, next) => {
    ctx.state.principal = await auth.verify(ctx.get('Authorization'));
    await next();
  };
}

export function requireAdmin(auth: Authenticator): Middleware<AppState> {
  return async (ctx, next) => {
    const principal = await auth.verify(ctx.get('Authorization'));
    if (!principal.admin) throw new AppError('FORBIDDEN', 'This needs an admin token');
    ctx.state.principal = principal;
    await next();
  };
}
