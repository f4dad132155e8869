import { loadConfig } from '../config.js';
import { spawnReplica, startRedis, stopAllChildren, type RedisProcess, type Replica } from '../cluster/processes.js';
import { CommandFailure, UsageError, describeError, parseCommandLine, runCommand } from './command.js';

const NAME = 'cluster';
const USAGE = `
Usage: npm run cluster -- [--replicas 3] [--masters 3] [--port 3001]

Starts throw-away Redis lock masters (redis-server on free loopback ports, nothing persisted) and N replicas on
consecutive ports from --port, for trying the service as it runs behind a balancer. Ctrl-C stops them all.
  --replicas N   1 to 16; default 3
  --masters M    1, 3 or 5; default 3
  --port P       the first replica's port; default 3001
  -h, --help     this text

Reads what the replicas read (DATABASE_URL, IDEMPOTENCY_REDIS_URL, ...), passed on to them; needs redis-server on PATH.
Exit: 0 stopped by Ctrl-C; 1 a master or a replica did not start; 2 the command line is wrong.
`;

runCommand(NAME, USAGE, async () => {
  const { values } = parseCommandLine({
    name: NAME,
    usage: USAGE,
    args: {
      options: {
        replicas: { type: 'string', default: '3' },
        masters: { type: 'string', default: '3' },
        port: { type: 'string', default: '3001' },
        help: { type: 'boolean', short: 'h' },
      },
    },
  });
  const replicas = Number(values.replicas);
  const masters = Number(values.masters);
  const firstPort = Number(values.port);
  if (!/^\d+$/.test(values.replicas) || replicas < 1 || replicas > 16) throw new UsageError(`--replicas: 1 to 16, not '${values.replicas}'`);
  if (!['1', '3', '5'].includes(values.masters)) throw new UsageError(`--masters: 1, 3 or 5, not '${values.masters}'`);
  if (!/^\d+$/.test(values.port) || firstPort < 1 || firstPort + replicas - 1 > 65535) throw new UsageError(`--port: a port from 1 to ${65536 - replicas}, not '${values.port}'`);
  const config = loadConfig();

  const stop = async (code: number) => {
    await stopAllChildren();
    process.exit(code);
  };
  const redis: RedisProcess[] = [];
  const started: Replica[] = [];
  try {
    for (let i = 0; i < masters; i += 1) {
      try {
        redis.push(await startRedis());
      } catch (err) {
        throw new CommandFailure(`could not start redis-server (${describeError(err)}); is it installed and on PATH?`);
      }
    }
    const env = { REDIS_URLS: redis.map((r) => r.url).join(','), IDEMPOTENCY_REDIS_URL: config.idempotencyRedisUrl, SHUTDOWN_DELAY_MS: '0' };
    for (let i = 0; i < replicas; i += 1) {
      try {
        started.push(await spawnReplica(env, { port: firstPort + i }));
      } catch (err) {
        // The replica's own last line says why (a port in use, MySQL unreachable).
        const said = (err as Error).message.trim().split('\n').filter(Boolean).pop() ?? '';
        throw new CommandFailure(`replica on http://127.0.0.1:${firstPort + i} did not start: ${said.slice(0, 300)}`);
      }
    }
  } catch (err) {
    await stopAllChildren();
    throw err;
  }

  process.stdout.write(`lock masters: ${redis.map((r) => r.url).join(', ')}\n`);
  for (const r of started) process.stdout.write(`replica pid ${r.pid}: ${r.url}\n`);
  process.stdout.write('Ctrl-C stops them all.\n');
  const shutdown = async () => {
    await Promise.all(started.map((r) => r.stop('SIGTERM')));
    await stop(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  // Runs until a signal: the promise below never settles, so runCommand does not exit.
  await new Promise<never>(() => undefined);
});
