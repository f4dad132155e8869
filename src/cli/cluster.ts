import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { spawnReplica, startRedis, stopAllChildren, type RedisProcess, type Replica } from '../cluster/processes.js';

/**
 * npm run cluster -- [--replicas 3] [--masters 3] [--port 3001]
 * Starts throw-away Redis lock masters and N replicas on consecutive ports, for a person to try; Ctrl-C stops all.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { replicas: { type: 'string', default: '3' }, masters: { type: 'string', default: '3' }, port: { type: 'string', default: '3001' } },
  });
  const replicas = Number(values.replicas);
  const masters = Number(values.masters);
  const firstPort = Number(values.port);
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 16) throw new Error('--replicas: 1 to 16');
  if (![1, 3, 5].includes(masters)) throw new Error('--masters: 1, 3 or 5');
  const config = loadConfig();

  const redis: RedisProcess[] = [];
  for (let i = 0; i < masters; i += 1) redis.push(await startRedis());
  const env = { REDIS_URLS: redis.map((r) => r.url).join(','), IDEMPOTENCY_REDIS_URL: config.idempotencyRedisUrl, SHUTDOWN_DELAY_MS: '0' };
  const started: Replica[] = [];
  for (let i = 0; i < replicas; i += 1) started.push(await spawnReplica(env, { port: firstPort + i }));

  process.stdout.write(`lock masters: ${redis.map((r) => r.url).join(', ')}\n`);
  for (const r of started) process.stdout.write(`replica pid ${r.pid}: ${r.url}\n`);
  process.stdout.write('Ctrl-C stops them all.\n');

  const stop = async () => {
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
