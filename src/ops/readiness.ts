import type { Redis } from 'ioredis';
import type { Knex } from 'knex';

export type ReadinessReport = { ready: boolean; reasons: string[]; checks: Record<string, string> };

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);

/** Ready = not draining, MySQL answers, and a quorum of lock masters answers. */
export function createReadiness(db: Knex, lockClients: readonly Redis[]) {
  let draining = false;
  const quorum = Math.floor(lockClients.length / 2) + 1;
  return {
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
    async check(): Promise<ReadinessReport> {
      const reasons: string[] = [];
      const checks: Record<string, string> = {};
      if (draining) reasons.push('draining: shutting down');
      try {
        await withTimeout(db.raw('SELECT 1'), 1000);
        checks['mysql'] = 'ok';
      } catch (err) {
        checks['mysql'] = 'down';
        reasons.push(`mysql: ${(err as Error).message}`);
      }
      const pings = await Promise.allSettled(lockClients.map((c) => withTimeout(c.ping(), 500)));
      const up = pings.filter((p) => p.status === 'fulfilled').length;
      checks['redisLockMasters'] = `${up}/${lockClients.length} up, ${quorum} needed`;
      if (up < quorum) reasons.push(`redis: only ${up} of ${lockClients.length} lock masters answer; ${quorum} needed`);
      return { ready: reasons.length === 0, reasons, checks };
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
