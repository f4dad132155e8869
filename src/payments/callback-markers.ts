import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Metrics } from '../ops/metrics.js';
import { createFailOpen } from '../shared/fail-open.js';

/** A delivery's marker: `taken` when another delivery of the transaction is being processed right now. */
export type Marker = { taken: true } | { taken: false; release(): Promise<void> };

// Delete the marker only if it is still ours, so a late finisher cannot free another delivery's claim.
const RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
const NOTHING_TO_RELEASE: Marker = { taken: false, release: async () => undefined };

type Settings = { keyPrefix: string; ttlSeconds: number; timeoutMs?: number; tripAfterMs?: number; pauseMs?: number };

/**
 * The `SET NX` marker in front of the unique provider_txn_id. It only spares the database concurrent duplicates: when
 * its Redis does not answer within `timeoutMs`, the delivery goes on without it (the unique constraint alone
 * deduplicates), and a Redis that fails or stays silent for `tripAfterMs` is not asked again for `pauseMs`, so a frozen
 * Redis costs a short wait per callback for a moment, not one per callback for as long as it is frozen.
 */
export function createCallbackMarkers(redis: Redis, { keyPrefix, ttlSeconds, timeoutMs = 250, tripAfterMs = 1000, pauseMs = 5000 }: Settings, metrics: Metrics, log: Logger) {
  const guard = createFailOpen({
    timeoutMs,
    tripAfterMs,
    pauseMs,
    onTrip: (err) => log.warn({ err: err.message, pauseMs }, 'payment-callback marker Redis not answering; deduplicating on the database alone'),
    onAnswer: () => undefined,
  });

  return {
    async claim(providerTxnId: string): Promise<Marker> {
      const key = `${keyPrefix}paycb:${providerTxnId}`;
      const token = randomUUID();
      const release = async () => void (await redis.eval(RELEASE, 1, key, token).catch(() => undefined));
      let wentOn = false;
      const answer = await guard.call(async () => {
        const set = await redis.set(key, token, 'EX', ttlSeconds, 'NX');
        // A marker that arrives after the delivery went on without it must not hold back the next delivery.
        if (wentOn && set === 'OK') void release();
        return set;
      });
      if (!answer.ok) {
        wentOn = true;
        metrics.paymentMarkersSkipped.inc();
        return NOTHING_TO_RELEASE;
      }
      if (answer.value !== 'OK') return { taken: true };
      return { taken: false, release };
    },
  };
}

export type CallbackMarkers = ReturnType<typeof createCallbackMarkers>;
