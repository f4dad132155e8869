import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Metrics } from '../ops/metrics.js';

/** A delivery's marker: `taken` when another delivery of the transaction is being processed right now. */
export type Marker = { taken: true } | { taken: false; release(): Promise<void> };

// Delete the marker only if it is still ours, so a late finisher cannot free another delivery's claim.
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
const NOTHING_TO_RELEASE: Marker = { taken: false, release: async () => undefined };

type Settings = { keyPrefix: string; ttlSeconds: number; timeoutMs?: number; pauseMs?: number };

/**
 * The `SET NX` marker in front of the unique provider_txn_id. It only spares the database concurrent duplicates: when
 * its Redis does not answer within `timeoutMs`, deliveries go on without it (the unique constraint alone deduplicates)
 * and Redis is not asked again for `pauseMs`, so a frozen Redis costs one short wait, not one per callback.
 */
export function createCallbackMarkers(redis: Redis, { keyPrefix, ttlSeconds, timeoutMs = 250, pauseMs = 5000 }: Settings, metrics: Metrics, log: Logger) {
  let pausedUntil = 0;

  function skip(err: unknown): Marker {
    if (Date.now() >= pausedUntil) log.warn({ err: (err as Error).message, pauseMs }, 'payment-callback marker Redis not answering; deduplicating on the database alone');
    pausedUntil = Date.now() + pauseMs;
    metrics.paymentMarkersSkipped.inc();
    return NOTHING_TO_RELEASE;
  }

  return {
    async claim(providerTxnId: string): Promise<Marker> {
      if (Date.now() < pausedUntil) {
        metrics.paymentMarkersSkipped.inc();
        return NOTHING_TO_RELEASE;
      }
      const key = `${keyPrefix}paycb:${providerTxnId}`;
      const token = randomUUID();
      let timer: NodeJS.Timeout | undefined;
      try {
        const answer = await Promise.race([
          redis.set(key, token, 'EX', ttlSeconds, 'NX'),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        if (answer !== 'OK') return { taken: true };
        return { taken: false, release: async () => void (await redis.eval(RELEASE, 1, key, token).catch(() => undefined)) };
      } catch (err) {
        return skip(err);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

export type CallbackMarkers = ReturnType<typeof createCallbackMarkers>;
