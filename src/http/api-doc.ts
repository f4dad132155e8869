import { z } from 'zod';
import { statusByCode, type ErrorCode } from '../errors.js';

/** Building blocks for the parts of the API document each feature contributes beside its router. */
export type Json = Record<string, unknown>;
export type ApiDocPart = { paths: Json; schemas?: Json };

/** A schema the server validates with (or answers with), as JSON Schema: the document and the code cannot drift. */
export const fromZod = (s: z.ZodType, io: 'input' | 'output' = 'input'): Json => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any' }) as Json;
  return rest;
};

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (s: Json) => ({ content: { 'application/json': { schema: s } } });

/** The documented error answers, grouped by the status each code maps to. */
export const errors = (...codes: ErrorCode[]): Json => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const c of codes) byStatus.set(statusByCode[c], [...(byStatus.get(statusByCode[c]) ?? []), c]);
  return Object.fromEntries([...byStatus].map(([status, cs]) => [String(status), { description: cs.join(' | '), ...json(ref('Error')) }]));
};

const header = (description: string, schema: Json = { type: 'string' }) => ({ description, schema });
const retryAfter = header('Seconds to wait before trying again', { type: 'integer', minimum: 1 });

/** For the rate-limited writes (book, pay, cancel): every answer says the policy and what is left; a 429 says when to retry. */
export const withRateLimitHeaders = (responses: Json): Json =>
  Object.fromEntries(
    Object.entries(responses).map(([status, r]) => [
      status,
      {
        ...(r as Json),
        headers: {
          'RateLimit-Policy': header('The quotas that apply, e.g. "user";q=120;w=60, "address";q=600;w=60 (writes per 60 s, sliding)'),
          RateLimit: header('The tightest quota now: "user";r=<writes left>;t=<seconds until the next write fits when r=0, else until this window ends>'),
          ...(status === '429' ? { 'Retry-After': retryAfter } : {}),
        },
      },
    ]),
  );

export const ok = (status: number, description: string, body: Json = { type: 'object' }) => ({ [String(status)]: { description, ...json(body) } });

export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
export const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', minLength: 1, maxLength: 255 },
  description: 'Scoped to the user, kept 24 h; same body replays the first answer with Idempotent-Replayed: true',
};
export const userSecurity = [{ bearer: [] }];
export const authErrors: ErrorCode[] = ['UNAUTHORIZED'];
export const adminErrors: ErrorCode[] = ['UNAUTHORIZED', 'FORBIDDEN'];
export const bodyErrors: ErrorCode[] = ['MALFORMED_JSON', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED'];
/** What a user's write may meet before it reaches the stock: the rate limit, and (for bookings) the holding limit. */
export const abuseErrors: ErrorCode[] = ['RATE_LIMITED'];
export const stockErrors: ErrorCode[] = ['LOCK_BUSY', 'LOCK_UNAVAILABLE', 'LEASE_EXPIRED', 'DATABASE_UNAVAILABLE'];

export const errorSchema: Json = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: { code: { enum: Object.keys(statusByCode) }, message: { type: 'string' }, details: { type: 'object' } },
    },
  },
};
