import { catalogPaths } from './catalog/catalog-paths.js';
import { errorSchema, errors, requestIdHeader, retryAfter, type ApiDocPart, type Json } from './http/api-doc.js';
import { opsPaths } from './ops/ops-paths.js';
import { ordersPaths } from './orders/orders-paths.js';
import { paymentsPaths } from './payments/payments-paths.js';
import { refundsPaths } from './refunds/refunds-paths.js';

export const API_PREFIX = '/api/v1';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

/**
 * What every answer of every operation has in common, added here once: the X-Request-Id header, a 500 for a bug,
 * and Retry-After on the refusals where waiting helps.
 */
function withCommonAnswers(paths: Json): Json {
  return Object.fromEntries(
    Object.entries(paths).map(([path, item]) => [
      path,
      Object.fromEntries(
        Object.entries(item as Json).map(([method, op]) => {
          if (!METHODS.includes(method)) return [method, op];
          const { responses, ...rest } = op as { responses: Json };
          const all: Json = { ...responses, ...(responses['500'] ? {} : errors('INTERNAL')) };
          const withHeaders = Object.fromEntries(
            Object.entries(all).map(([status, r]) => {
              const { headers, ...answer } = r as { headers?: Json };
              const waitable = ['409', '429', '503'].includes(status) && (answer as { content?: { 'application/json'?: { schema?: { $ref?: string } } } }).content?.['application/json']?.schema?.$ref === '#/components/schemas/Error';
              return [status, { ...answer, headers: { 'X-Request-Id': requestIdHeader, ...(waitable ? { 'Retry-After': retryAfter } : {}), ...(headers ?? {}) } }];
            }),
          );
          return [method, { ...rest, responses: withHeaders }];
        }),
      ),
    ]),
  );
}

const prefixed = (paths: Json): Json => Object.fromEntries(Object.entries(paths).map(([p, item]) => [`${API_PREFIX}${p}`, item]));

/** The OpenAPI document, assembled from the part each feature keeps beside its router. */
export function buildApiDocument(): Json {
  const api: ApiDocPart[] = [catalogPaths(), ordersPaths(), paymentsPaths(), refundsPaths()];
  const parts = [...api, opsPaths()];
  return {
    openapi: '3.1.0',
    info: {
      title: 'travel-orders',
      version: '0.1.0',
      description: [
        'Sells limited travel inventory (tour seats, hotel room nights, scenic-spot day quotas) without overselling. Money is integer cents (CNY fen); calendar dates are YYYY-MM-DD, instants ISO-8601 UTC.',
        'Every answer carries X-Request-Id. Errors are {"error": {"code", "message", "details"?}}: one code, one status; a client mistake is never a 5xx; VALIDATION_FAILED lists the offending fields in details.fields as {path, message}.',
        'A method a path does not have is 405 METHOD_NOT_ALLOWED with an Allow header naming the methods it has; a path that does not exist is 404 NOT_FOUND.',
      ].join('\n\n'),
      license: { name: 'Proprietary: all rights reserved', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: '/', description: 'The service itself: the API under /api/v1, the operations endpoints at the root' }],
    tags: parts.flatMap((p) => p.tags ?? []),
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (HS256; claims sub, exp, optional role: admin)' } },
      schemas: Object.assign({ Error: errorSchema }, ...parts.map((p) => p.schemas ?? {})),
    },
    paths: withCommonAnswers(Object.assign({}, ...api.map((p) => prefixed(p.paths)), opsPaths().paths)),
  };
}
