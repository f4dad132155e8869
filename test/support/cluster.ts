import { startHaproxy, type HaproxyProcess } from '../../src/cluster/haproxy.js';
import { spawnReplica, startRedis, type RedisProcess, type Replica } from '../../src/cluster/processes.js';
import { catalogue, testEnv, type Catalogue } from './harness.js';

export type Cluster = { masters: RedisProcess[]; replicas: Replica[]; env: Record<string, string>; balancer: HaproxyProcess | undefined; stop(): Promise<void> };

/**
 * N Redis lock masters and M replicas as separate OS processes, on this run's database; with `balancer`, HAProxy in
 * front of them (deploy/haproxy.cfg, checks on /readyz), as `npm run cluster` starts them.
 */
export async function startCluster({ masters = 3, replicas = 3, env = {} as Record<string, string>, balancer = false } = {}): Promise<Cluster> {
  const m: RedisProcess[] = [];
  for (let i = 0; i < masters; i += 1) m.push(await startRedis());
  const fullEnv = testEnv({ REDIS_URLS: m.map((r) => r.url).join(','), LOG_LEVEL: 'warn', ...env });
  const r = await Promise.all(Array.from({ length: replicas }, () => spawnReplica(fullEnv)));
  const haproxy = balancer ? await startHaproxy({ backends: r.map((x) => x.url) }) : undefined;
  return {
    masters: m,
    replicas: r,
    env: fullEnv,
    balancer: haproxy,
    async stop() {
      await haproxy?.stop();
      await Promise.all(r.map((x) => x.stop('SIGKILL')));
      await Promise.all(m.map((x) => x.stop()));
    },
  };
}

/**
 * The suite's cluster: started before its first test, stopped after its last; `cat` builds items through replica 0.
 * `urls` are the replicas', or with a balancer its one URL, so every request goes through HAProxy.
 */
export type SuiteCluster = Pick<Cluster, 'masters' | 'replicas' | 'env'> & { readonly urls: string[]; readonly cat: Catalogue };

export function useCluster(options: Parameters<typeof startCluster>[0] | (() => Parameters<typeof startCluster>[0]) = {}, { afterStop }: { afterStop?: () => Promise<unknown> } = {}): SuiteCluster {
  let cluster: Cluster | undefined;
  let cat: Catalogue | undefined;
  before(async () => {
    cluster = await startCluster(typeof options === 'function' ? options() : options);
    cat = catalogue((cluster.replicas[0] as Replica).url);
  });
  after(async () => {
    await cluster?.stop();
    if (cluster) await afterStop?.();
  });
  const started = (): Cluster => {
    if (!cluster) throw new Error('useCluster: the suite has not started');
    return cluster;
  };
  return {
    get masters() { return started().masters; },
    get replicas() { return started().replicas; },
    get env() { return started().env; },
    get urls() { const c = started(); return c.balancer ? [c.balancer.url] : c.replicas.map((r) => r.url); },
    get cat() { started(); return cat as Catalogue; },
  };
}
