import { loadConfig } from '../config.js';
import { startHaproxy, type HaproxyProcess } from '../cluster/haproxy.js';
import { spawnReplica, startRedis, stopAllChildren, type RedisProcess, type Replica } from '../cluster/processes.js';
import { CommandFailure, UsageError, describeError, parseCommandLine, runCommand } from './command.js';

/** HAProxy checks each replica's /readyz this often; three failures take it out. */
const CHECK_INTERVAL_MS = 500;
/** Longer than HAProxy takes to take a draining replica out (3 x 500 ms + one interval), so no request finds it closed. */
const SHUTDOWN_DELAY_MS = 2500;

const NAME = 'cluster';
const USAGE = `
Usage: npm run cluster -- [--replicas 3] [--masters 3] [--port 3001] [--balancer-port 8080] [--no-balancer]

Starts throw-away Redis lock masters (redis-server on free loopback ports, nothing persisted), N replicas on
consecutive ports from --port and, unless --no-balancer, HAProxy in front of them (deploy/haproxy.cfg: health check
on /readyz), and prints the one URL to use on stdout (the rest on stderr). Ctrl-C stops them all.
  --replicas N         1 to 16; default 3
  --masters M          1, 3 or 5; default 3
  --port P             the first replica's port; default 3001
  --balancer-port B    HAProxy's port; default 8080
  --no-balancer        no HAProxy: the replicas alone, each URL printed
  -h, --help           this text

Reads what the replicas read (DATABASE_URL, IDEMPOTENCY_REDIS_URL, ...), passed on to them; needs redis-server (and,
with the balancer, haproxy) on PATH.
Exit: 0 stopped by Ctrl-C; 1 a master, a replica or HAProxy did not start; 2 the command line is wrong.
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
        'balancer-port': { type: 'string', default: '8080' },
        'no-balancer': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h' },
      },
    },
  });
  const replicas = Number(values.replicas);
  const masters = Number(values.masters);
  const firstPort = Number(values.port);
  const balancerPort = Number(values['balancer-port']);
  const balancer = !values['no-balancer'];
  if (!/^\d+$/.test(values.replicas) || replicas < 1 || replicas > 16) throw new UsageError(`--replicas: 1 to 16, not '${values.replicas}'`);
  if (!['1', '3', '5'].includes(values.masters)) throw new UsageError(`--masters: 1, 3 or 5, not '${values.masters}'`);
  if (!/^\d+$/.test(values.port) || firstPort < 1 || firstPort + replicas - 1 > 65535) throw new UsageError(`--port: a port from 1 to ${65536 - replicas}, not '${values.port}'`);
  if (balancer && (!/^\d+$/.test(values['balancer-port']) || balancerPort < 1 || balancerPort > 65535)) throw new UsageError(`--balancer-port: a port from 1 to 65535, not '${values['balancer-port']}'`);
  const config = loadConfig();

  const redis: RedisProcess[] = [];
  const started: Replica[] = [];
  let haproxy: HaproxyProcess | undefined;
  try {
    for (let i = 0; i < masters; i += 1) {
      try {
        redis.push(await startRedis());
      } catch (err) {
        throw new CommandFailure(`could not start redis-server (${describeError(err)}); is it installed and on PATH?`);
      }
    }
    const env: Record<string, string> = {
      REDIS_URLS: redis.map((r) => r.url).join(','),
      IDEMPOTENCY_REDIS_URL: config.idempotencyRedisUrl,
      // Behind HAProxy a stopped replica keeps serving until HAProxy has taken it out; without one, it stops at once.
      SHUTDOWN_DELAY_MS: balancer ? String(SHUTDOWN_DELAY_MS) : '0',
      ...(balancer ? { TRUSTED_PROXIES: '127.0.0.1' } : {}),
    };
    for (let i = 0; i < replicas; i += 1) {
      try {
        started.push(await spawnReplica(env, { port: firstPort + i }));
      } catch (err) {
        // The replica's own last line says why (a port in use, MySQL unreachable).
        const said = (err as Error).message.trim().split('\n').filter(Boolean).pop() ?? '';
        throw new CommandFailure(`replica on http://127.0.0.1:${firstPort + i} did not start: ${said.slice(0, 300)}`);
      }
    }
    if (balancer) {
      try {
        haproxy = await startHaproxy({ backends: started.map((r) => r.url), checkIntervalMs: CHECK_INTERVAL_MS, port: balancerPort });
      } catch (err) {
        throw new CommandFailure(`could not start HAProxy on port ${balancerPort} (${describeError(err)}); is haproxy installed and the port free?`);
      }
    }
  } catch (err) {
    await stopAllChildren();
    throw err;
  }

  const details = [`lock masters: ${redis.map((r) => r.url).join(', ')}`, ...started.map((r) => `replica pid ${r.pid} on port ${r.port}`)];
  if (haproxy) {
    process.stderr.write(`${[...details, `HAProxy pid ${haproxy.pid} in front of them (GET /readyz every ${CHECK_INTERVAL_MS} ms)`].join('\n')}\n`);
    process.stdout.write(`${haproxy.url}\n`);
  } else {
    process.stdout.write(`${details[0]}\n`);
    for (const r of started) process.stdout.write(`replica pid ${r.pid}: ${r.url}\n`);
  }
  process.stderr.write('Ctrl-C stops them all.\n');

  const shutdown = async () => {
    await haproxy?.stop();
    await Promise.all(started.map((r) => r.stop('SIGTERM')));
    await stopAllChildren();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
  // Runs until a signal: the promise below never settles, so runCommand does not exit.
  await new Promise<never>(() => undefined);
});
