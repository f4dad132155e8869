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
