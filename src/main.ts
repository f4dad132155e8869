import { createServer } from 'node:http';
import { ConfigError, loadConfig, redactUrl, type Config } from './config.js';
import { createApp, type DrainState } from './app.js';
import { seedDemoCatalogue } from './catalog/demo-catalogue.js';
import { createDb, ensureDatabase, migrateLatest } from './db/database.js';
import { createDeps } from './deps.js';
import { loadTracing } from './ops/tracing.js';
import { setTimeout as sleep } from 'node:timers/promises';


/** One line on stderr and a non-zero exit: what a newcomer or an operator needs, without a stack trace. */
function die(line: string, code = 1): never {
  process.stderr.write(`travel-orders: ${line}\n`);
  process.exit(code);
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
}

async function prepareDatabase(config: Config): Promise<void> {
  try {
    await ensureDatabase(config.databaseUrl);
  } catch (err) {
    die(`MySQL not reachable at ${redactUrl(config.databaseUrl)} (${describe(err)})`);
  }
  const db = createDb(config.databaseUrl, { poolMax: 2 });
  try {
    await migrateLatest(db);
    if (config.seedDemo && (await seedDemoCatalogue(db))) process.stderr.write('travel-orders: loaded the demo catalogue\n');
  } catch (err) {
    die(`MySQL migration failed at ${redactUrl(config.databaseUrl)} (${describe(err)})`);
  } finally {
    await db.destroy();
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) die(`configuration error: ${err.message}`, 2);
    throw err;
  }
  await prepareDatabase(config);

  // OpenTelemetry is imported only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  const tracing = await loadTracing(config);
  const deps = createDeps(config, tracing ? { tracing } : {});
  try {
    await deps.waitForRedis();
  } catch (err) {
    await deps.close();
    die((err as Error).message);
  }

  const drain: DrainState = { draining: false, inFlight: 0 };
  const app = createApp(deps, drain);
  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res));
  // Above the 60 s idle timeout of common load balancers, so the balancer closes first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // A deep accept queue: a flash sale opens thousands of connections at once.
    server.listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  deps.expirySweep.start(config.expirySweepIntervalMs);
  deps.recordSweep.start(60_000);
  deps.log.info({ port, redisMasters: config.redisUrls.length }, 'listening');
  process.stderr.write(
    `travel-orders: listening on http://127.0.0.1:${port} (API /api/v1, document /openapi.json, page /)\n` +
      (config.nodeEnv === 'production' ? '' : 'travel-orders: get a development token with: npm run token -- --sub alice [--admin]\n'),
  );

  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const deadline = setTimeout(() => {
      deps.log.error('drain did not finish before the hard deadline');
      process.exit(1);
    }, config.shutdownDelayMs + config.shutdownGraceMs + 5000);
    deadline.unref();
    deps.log.info({ signal }, 'draining: readiness now 503');
    drain.draining = true;
    deps.readiness.startDraining();
    // Endpoints take a few seconds to stop routing here; keep serving meanwhile.
    await sleep(config.shutdownDelayMs);
    await deps.expirySweep.stop();
    await deps.recordSweep.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const drained = await Promise.race([closed.then(() => true), sleep(config.shutdownGraceMs).then(() => false)]);
    if (!drained) {
      deps.log.error({ inFlight: drain.inFlight }, 'requests still in flight after SHUTDOWN_GRACE_MS');
      server.closeAllConnections();
    }
    await deps.close();
    deps.log.info({ drained }, 'stopped');
    process.exit(drained ? 0 : 1);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  const e = err as { code?: string; port?: number };
  if (e.code === 'EADDRINUSE') die(`port ${e.port ?? ''} is already in use (set PORT to another)`);
  die(`failed to start: ${describe(err)}`);
});
