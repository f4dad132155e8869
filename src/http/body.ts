import type { Middleware } from 'koa';
import { AppError } from '../errors.js';
import type { AppState } from './context.js';
import { findDuplicateKey } from './duplicate-keys.js';
import { fieldPath } from './validate.js';

/**
 * Reads a JSON body with a byte limit, keeping the raw bytes (the payment callback signs them).
 * Prototype keys never reach a plain object: the parsed value is only read through schemas.
 */
export function jsonBody(limitBytes: number): Middleware<AppState> {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(ctx.method)) return next();
    const declared = Number(ctx.get('Content-Length') || 0);
    if (declared > limitBytes) throw tooLarge(limitBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of ctx.req) {
      const buf = chunk as Buffer;
      size += buf.length;
      if (size > limitBytes) throw tooLarge(limitBytes);
      chunks.push(buf);
    }
    const raw = Buffer.concat(chunks);
    ctx.state.rawBody = raw;
    if (raw.length === 0) {
      ctx.state.body = undefined;
      return next();
    }
    const type = ctx.get('Content-Type');
    if (type && !/^application\/([a-z0-9.+-]*\+)?json\s*(;|$)/i.test(type)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json', { contentType: type.slice(0, 100) });
    }
    const text = raw.toString('utf8');
    try {
      ctx.state.body = JSON.parse(text);
    } catch {
      throw new AppError('MALFORMED_JSON', 'The body is not valid JSON');
    }
    // JSON.parse keeps the last of two equal keys without a word; a request must say each thing once.
    const duplicate = findDuplicateKey(text);
    if (duplicate) {
      const path = fieldPath('body', [...duplicate.path, duplicate.key]);
      throw new AppError('MALFORMED_JSON', `The body is not usable JSON: ${path} appears more than once; send each key once`, {
        fields: [{ path, message: 'appears more than once' }],
      });
    }
    return next();
  };
}

function tooLarge(limitBytes: number): AppError {
  return new AppError('PAYLOAD_TOO_LARGE', `The body is larger than ${limitBytes} bytes`, { limitBytes });
}
