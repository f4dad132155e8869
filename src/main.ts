import { createServer } from 'node:http';
import pino, { type Logger } from 'pino';
import { ConfigError, loadConfig, redactUrl, type Config } from './config.js';
import { createApp, type DrainState } from './app.js';
import { seedDemoCatalogue } from './catalog/demo-catalogue.js';
import { createDb, ensureDatabase, migrateLatest } from './db/database.js';
import { createDeps, createLogger } from './deps.js';
import { API_PREFIX } from './http/context.js';
import { loadTracing } from './ops/tracing.js';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Everything the process says is a pino JSON line. A failure to start is one `fatal` line on stderr, whatever
 * LOG_LEVEL says (written synchronously, so it is out before the exit), naming what was tried, without a stack trace.
 */
const fatalLog = createLogger('fatal', pino.destination({ dest: 2, sync: true }));

function die(line: string, code = 1): never {
  fatalLog.fatal(line);
  process.exit(code);
}

function describe(err: unknown): string {
  const e = err as { code?: string; message?: string };
  return e.code ?? e.message ?? String(err);
}

/** Creates the database if missing, migrates it and loads the demo catalogue into an empty one, saying what it did. */
async function prepareDatabase(config: Config, log: Logger): Promise<void> {
  const database = redactUrl(config.databaseUrl);
  try {
    const { created } = await ensureDatabase(config.databaseUrl);
    log.info({ database, created }, created ? 'database created' : 'database found');
  } catch (err) {
    die(`MySQL not reachable at ${database} (${describe(err)})`);
  }
  const db = createDb(config.databaseUrl, { poolMax: 2, log });
  try {
    const { applied } = await migrateLatest(db);
    log.info({ database, applied }, applied.length > 0 ? `database migrated: ${applied.length} migration(s) applied` : 'database schema is current');
    if (!config.seedDemo) log.info({ demo: 'off' }, 'demo catalogue not loaded (SEED_DEMO=0)');
    else if (await seedDemoCatalogue(db)) log.info({ demo: 'loaded' }, 'demo catalogue loaded: 1 route, 1 hotel with 2 room types, 2 scenic spots');
    else log.info({ demo: 'kept' }, 'demo catalogue not loaded: the catalogue is not empty');
  } catch (err) {
    die(`MySQL migration failed at ${database} (${describe(err)})`);
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
  // OpenTelemetry is imported only when OTEL_EXPORTER_OTLP_ENDPOINT is set.
  const tracing = await loadTracing(config);
  const log = createLogger(config.logLevel, undefined, tracing);
  await prepareDatabase(config, log);

  const deps = createDeps(config, { log, ...(tracing ? { tracing } : {}) });
  try {
    await deps.waitForRedis();
  } catch (err) {
    await deps.close();
    die((err as Error).message);
  }
  log.info({ redisLockMasters: config.redisUrls.map(redactUrl), idempotencyRedis: redactUrl(config.idempotencyRedisUrl) }, `Redis lock masters reached (${config.redisUrls.length})`);

  const drain: DrainState = { draining: false, inFlight: 0 };
  const app = createApp(deps, drain);
  const handle = app.callback();
  const server = createServer((req, res) => void handle(req, res));
  // Above the idle timeout of the balancer in front (60 s for most; README, Behind a load balancer), so it closes first.
  server.keepAliveTimeout = config.keepAliveTimeoutMs;
  server.headersTimeout = config.keepAliveTimeoutMs + 1000;
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
  deps.backlogWatch.start();
  // 0.0.0.0 listens everywhere; a person on this machine opens it on loopback.
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;
  log.info({ url, port, api: `${url}${API_PREFIX}`, document: `${url}/openapi.json`, page: `${url}/` }, `listening on ${url}`);
  if (config.nodeEnv !== 'production') {
    log.info({ tokenCommand: 'npm run token -- --sub alice [--admin] [--trusted]' }, 'development token: npm run -s token -- --sub alice (JWT_SECRET is the development secret)');
  }

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
    await deps.backlogWatch.stop();
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
