import type { Json } from '../http/api-doc.js';

/** The operations endpoints live outside the API prefix; the document names them in an extension. */
export function opsOperations(): Json {
  return {
    '/healthz': '200 while the process runs',
    '/readyz': '200 when MySQL answers, a Redis lock quorum answers and the replica is not draining; else 503 with the reason. Answers within 250 ms',
    '/metrics': 'Prometheus text format',
  };
}
