import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { startHaproxy, type HaproxyProcess } from '../cluster/haproxy.js';
import { spawnReplica, startRedis, stopAllChildren, type RedisProcess, type Replica } from '../cluster/processes.js';

/** HAProxy checks each replica's /readyz this often; three failures take it out. */
const CHECK_INTERVAL_MS = 500;
/** Longer than HAProxy takes to take a draining replica out (3 x 500 ms + one interval), so no request finds it closed. */
const SHUTDOWN_DELAY_MS = 2500;

/**
 * npm run cluster -- [--replicas 3] [--masters 3] [--port 3001] [--balancer-port 8080] [--no-balancer]
 * Starts throw-away Redis lock masters, N replicas on consecutive ports and, unless --no-balancer, HAProxy in front of
 * them (deploy/haproxy.cfg: health check on /readyz); prints the one URL to use. Ctrl-C stops all.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      replicas: { type: 'string', default: '3' },
      masters: { type: 'string', default: '3' },
      port: { type: 'string', default: '3001' },
      'balancer-port': { type: 'string', default: '8080' },
      'no-balancer': { type: 'boolean', default: false },
    },
  });
  const replicas = Number(values.replicas);
  const masters = Number(values.masters);
  const firstPort = Number(values.port);
  const balancerPort = Number(values['balancer-port']);
  const balancer = !values['no-balancer'];
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 16) throw new Error('--replicas: 1 to 16');
  if (![1, 3, 5].includes(masters)) throw new Error('--masters: 1, 3 or 5');
  if (!Number.isInteger(firstPort) || firstPort < 1 || firstPort + replicas > 65536) throw new Error('--port: a port number');
  if (balancer && (!Number.isInteger(balancerPort) || balancerPort < 1 || balancerPort > 65535)) throw new Error('--balancer-port: a port number');
  const config = loadConfig();

  const redis: RedisProcess[] = [];
  for (let i = 0; i < masters; i += 1) redis.push(await startRedis());
  const env: Record<string, string> = {
    REDIS_URLS: redis.map((r) => r.url).join(','),
    IDEMPOTENCY_REDIS_URL: config.idempotencyRedisUrl,
    // Behind HAProxy a stopped replica keeps serving until HAProxy has taken it out; without one, it stops at once.
    SHUTDOWN_DELAY_MS: balancer ? String(SHUTDOWN_DELAY_MS) : '0',
    ...(balancer ? { TRUSTED_PROXIES: '127.0.0.1' } : {}),
  };
  const started: Replica[] = [];
  for (let i = 0; i < replicas; i += 1) started.push(await spawnReplica(env, { port: firstPort + i }));
  let haproxy: HaproxyProcess | undefined;
  if (balancer) haproxy = await startHaproxy({ backends: started.map((r) => r.url), checkIntervalMs: CHECK_INTERVAL_MS, port: balancerPort });

  const details = [`lock masters: ${redis.map((r) => r.url).join(', ')}`, ...started.map((r) => `replica pid ${r.pid} on port ${r.port}`)];
  if (haproxy) {
    process.stderr.write(`${[...details, `HAProxy pid ${haproxy.pid} in front of them (GET /readyz every ${CHECK_INTERVAL_MS} ms)`].join('\n')}\n`);
    process.stdout.write(`${haproxy.url}\n`);
  } else {
    process.stdout.write(`${details[0]}\n`);
    for (const r of started) process.stdout.write(`replica pid ${r.pid}: ${r.url}\n`);
  }
  process.stderr.write('Ctrl-C stops them all.\n');

  const stop = async () => {
    await haproxy?.stop();
    await Promise.all(started.map((r) => r.stop('SIGTERM')));
    await stopAllChildren();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch(async (err: unknown) => {
  process.stderr.write(`cluster: ${(err as Error).message}\n`);
  await stopAllChildren();
  process.exit(1);
});
