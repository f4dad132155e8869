import { catalogPaths } from './catalog/catalog-paths.js';
import { errorSchema, type ApiDocPart, type Json } from './http/api-doc.js';
import { opsOperations } from './ops/ops-paths.js';
import { ordersPaths } from './orders/orders-paths.js';
import { paymentsPaths } from './payments/payments-paths.js';
import { refundsPaths } from './refunds/refunds-paths.js';

/** The OpenAPI document, assembled from the part each feature keeps beside its router. */
export function buildApiDocument(): Json {
  const parts: ApiDocPart[] = [catalogPaths(), ordersPaths(), paymentsPaths(), refundsPaths()];
  return {
    openapi: '3.1.0',
    info: {
      title: 'travel-orders',
      version: '0.1.0',
      description: 'Sells limited travel inventory (tour seats, hotel room nights, scenic-spot day quotas) without overselling. Money is integer cents (CNY fen).',
    },
    servers: [{ url: '/api/v1' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (HS256; claims sub, exp, optional role: admin)' } },
      schemas: Object.assign({ Error: errorSchema }, ...parts.map((p) => p.schemas ?? {})),
    },
    paths: Object.assign({}, ...parts.map((p) => p.paths)),
    'x-operations': opsOperations(),
  };
}
