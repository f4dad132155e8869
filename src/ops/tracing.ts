import type { Config } from '../config.js';
import type { Tracing } from './tracing-api.js';

export type { Tracing, TracedLocks } from './tracing-api.js';

/** Loads OpenTelemetry only when an endpoint is configured; otherwise undefined, and nothing was imported. */
export async function loadTracing(config: Pick<Config, 'otlpEndpoint' | 'otelServiceName'>, options: { scheduledDelayMillis?: number } = {}): Promise<Tracing | undefined> {
  if (!config.otlpEndpoint) return undefined;
  const { createOtelTracing } = await import('./otel.js');
  return createOtelTracing({ endpoint: config.otlpEndpoint, serviceName: config.otelServiceName, ...options });
}
