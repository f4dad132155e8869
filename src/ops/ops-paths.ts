import { z } from 'zod';
import { fromZod, operation, type ApiDocPart } from '../http/api-doc.js';

const health = z.object({ status: z.literal('ok') });
const readiness = z.object({
  status: z.enum(['ready', 'not ready']),
  ready: z.boolean(),
  reasons: z.array(z.string()).describe('why not ready: draining, mysql: <reason>, redis: only <n> of <m> lock masters answer'),
  checks: z.object({ mysql: z.enum(['ok', 'down', 'unknown']), redisLockMasters: z.string().describe('<up>/<all> up, <quorum> needed[; down: <master> (<reason>), …]') }),
});

const probe = (operationId: string, summary: string, description: string, responses: Record<string, unknown>) => ({
  get: operation({ operationId, tag: 'operations', summary, description, security: 'public', responses }),
});
const readyExample = { status: 'ready', ready: true, reasons: [], checks: { mysql: 'ok', redisLockMasters: '1/1 up, 1 needed' } };

/** The operations endpoints: outside /api/v1 and the access log, never rate limited, no token. */
export function opsPaths(): ApiDocPart {
  return {
    tags: [{ name: 'operations', description: 'Probes, metrics and this document: outside /api/v1, for the platform' }],
    schemas: { Health: fromZod(health, 'output'), Readiness: fromZod(readiness, 'output') },
    paths: {
      '/healthz': probe('getHealth', 'Liveness: 200 while the process runs', 'Touches no dependency, so it has no error to answer.', {
        200: { description: 'The process runs', content: { 'application/json': { schema: { $ref: '#/components/schemas/Health' }, example: { status: 'ok' } } } },
      }),
      '/readyz': probe(
        'getReadiness',
        'Readiness: 200 when MySQL answers, a Redis lock quorum answers and the replica is not draining',
        'Answers within 250 ms, whatever a dependency does. Takes no input, so it has no client error to answer.',
        {
          200: { description: 'Ready to take traffic', content: { 'application/json': { schema: { $ref: '#/components/schemas/Readiness' }, example: readyExample } } },
          503: {
            description: 'Not ready, with the reasons',
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/Readiness' },
                example: { status: 'not ready', ready: false, reasons: ['redis: only 0 of 1 lock masters answer; 1 needed'], checks: { mysql: 'ok', redisLockMasters: '0/1 up, 1 needed; down: redis://127.0.0.1:6379 (no answer within 150 ms)' } },
              },
            },
          },
        },
      ),
      '/metrics': probe('getMetrics', 'Prometheus metrics', 'Prometheus text exposition format. Takes no input, so it has no client error to answer.', {
        200: {
          description: 'The metrics',
          content: { 'text/plain': { schema: { type: 'string' }, example: '# HELP orders_placed_total Orders placed\n# TYPE orders_placed_total counter\norders_placed_total 2\n' } },
        },
      }),
      '/openapi.json': probe('getApiDocument', 'This document (OpenAPI 3.1)', 'Takes no input, so it has no client error to answer.', {
        200: { description: 'The document', content: { 'application/json': { schema: { type: 'object', required: ['openapi', 'info', 'paths'], properties: { openapi: { type: 'string', const: '3.1.0' }, info: { type: 'object' }, paths: { type: 'object' } } } } } },
      }),
    },
  };
}
