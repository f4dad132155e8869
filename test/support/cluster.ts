import { spawnReplica, startRedis, type RedisProcess, type Replica } from '../../src/cluster/processes.js';
import { testEnv } from './harness.js';

export type Cluster = { masters: RedisProcess[]; replicas: Replica[]; env: Record<string, string>; stop(): Promise<void> };

/** N Redis lock masters and M replicas as separate OS processes, on this run's database. */
export async function startCluster({ masters = 3, replicas = 3, env = {} as Record<string, string> } = {}): Promise<Cluster> {
  const m: RedisProcess[] = [];
  for (let i = 0; i < masters; i += 1) m.push(await startRedis());
  const fullEnv = testEnv({ REDIS_URLS: m.map((r) => r.url).join(','), LOG_LEVEL: 'warn', ...env });
  const r = await Promise.all(Array.from({ length: replicas }, () => spawnReplica(fullEnv)));
  return {
    masters: m,
    replicas: r,
    env: fullEnv,
    async stop() {
      await Promise.all(r.map((x) => x.stop('SIGKILL')));
      await Promise.all(m.map((x) => x.stop()));
    },
  };
}
