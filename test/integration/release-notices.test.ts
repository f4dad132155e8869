import { expect } from 'chai';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../src/deps.js';
import { ItemLocks } from '../../src/locks/item-locks.js';
import { ReleaseNotices } from '../../src/locks/release-notices.js';
import { createMetrics } from '../../src/ops/metrics.js';
import { newUser } from '../support/harness.js';

const REDIS = 'redis://127.0.0.1:6379';

/** One replica's lock tier on the shared Redis: its lock connection, and a subscriber when notices are on. */
async function aReplica(prefix: string, { notices, noticedPollMs }: { notices: boolean; noticedPollMs?: number }) {
  const [lock, sub] = [new Redis(REDIS, { enableOfflineQueue: false, maxRetriesPerRequest: 0 }), new Redis(REDIS, { enableOfflineQueue: false, maxRetriesPerRequest: 0 })];
  await Promise.all([lock, sub].map((c) => new Promise((resolve) => c.once('ready', resolve))));
  const n = notices ? new ReleaseNotices([lock], [sub], prefix) : undefined;
  const settings = { ttlMs: 5000, waitMs: 4000, keyPrefix: prefix, ...(n ? { notices: n } : {}), ...(noticedPollMs ? { noticedPollMs } : {}) };
  const locks = new ItemLocks([lock], settings, createMetrics(), createLogger('silent'));
  return {
    locks,
    async close() {
      // Let the last holder's release (and its notice) go out before the connections close.
      await sleep(100);
      await Promise.all([lock, sub].map((c) => c.quit()));
    },
  };
}

/** The holder keeps `route:1` until released; the waiter asks for it meanwhile and reports when it got it. */
async function handOver(holder: Awaited<ReturnType<typeof aReplica>>, waiter: Awaited<ReturnType<typeof aReplica>>) {
  let releaseNow!: () => void;
  const held = holder.locks.withItemLock('route:1', () => new Promise<void>((resolve) => (releaseNow = resolve)));
  await sleep(50);
  const waited = waiter.locks.withItemLock('route:1', async () => Date.now());
  // Long enough for the waiter's first refusal, its subscription, and a first wait.
  await sleep(400);
  const releasedAt = Date.now();
  releaseNow();
  await held;
  return (await waited) - releasedAt;
}

describe('release notices: a waiting replica takes a freed lease at once (real Redis)', () => {
  it('with notices, the waiter holds the lease right after its release, although it would poll only once a second', async () => {
    const prefix = `test:notices:${newUser()}:`;
    const [holder, waiter] = [await aReplica(prefix, { notices: true }), await aReplica(prefix, { notices: true, noticedPollMs: 1000 })];
    try {
      // Polling alone would have left the lease free for up to a second.
      expect(await handOver(holder, waiter), 'ms from release to the waiter holding it').to.be.lessThan(500);
    } finally {
      await Promise.all([holder.close(), waiter.close()]);
    }
  });

  it('without notices (LOCK_HANDOFF=poll), the waiter still gets the lease, by polling', async () => {
    const prefix = `test:notices:${newUser()}:`;
    const [holder, waiter] = [await aReplica(prefix, { notices: false }), await aReplica(prefix, { notices: false })];
    try {
      expect(await handOver(holder, waiter)).to.be.a('number');
    } finally {
      await Promise.all([holder.close(), waiter.close()]);
    }
  });
});
