import { LockBusyError } from '../errors.js';
import type { Lease, WithItemLock } from '../locks/item-locks.js';

type Pending<R, T> = { request: R; arrivedAt: number; resolve: (value: T) => void; reject: (err: unknown) => void };
type Queue<R, T> = { waiting: Array<Pending<R, T>>; slotQueued: boolean };

export type BatchOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/**
 * Group commit for one item: while a batch holds the item's lease, new requests for it gather here, and the
 * next batch takes them all in one transaction. One lease request per batch waits in the lock's local queue,
 * so batches follow each other within a lease slice and other replicas still get their turn between slices.
 */
export function createBookingBatcher<R, T>({
  withItemLock,
  waitMs,
  maxBatch,
  run,
}: {
  withItemLock: WithItemLock;
  waitMs: number;
  maxBatch: number;
  /** Runs one batch under the lease; returns one outcome per request, in order. */
  run: (requests: R[], lease: Lease) => Promise<Array<BatchOutcome<T>>>;
}) {
  const queues = new Map<string, Queue<R, T>>();

  function schedule(key: string, q: Queue<R, T>): void {
    if (q.slotQueued || q.waiting.length === 0) return;
    q.slotQueued = true;
    let batch: Array<Pending<R, T>> = [];
    withItemLock(key, async (lease) => {
      q.slotQueued = false;
      batch = q.waiting.splice(0, maxBatch);
      // Queue the next slot now, so the lease can be handed straight to it.
      schedule(key, q);
      const outcomes = await run(batch.map((p) => p.request), lease);
      batch.forEach((p, i) => {
        const o = outcomes[i];
        if (o?.ok) p.resolve(o.value);
        else p.reject(o ? o.error : new Error('batch returned no outcome'));
      });
    }).then(
      () => {
        if (queues.get(key) === q && q.waiting.length === 0 && !q.slotQueued) queues.delete(key);
      },
      (err: unknown) => {
        if (batch.length > 0) {
          // The batch ran and failed as a whole (lease lost, database down): nothing of it committed.
          for (const p of batch) p.reject(err);
        } else {
          // The lease was refused before the batch began: refuse those who waited their full time, retry the rest.
          q.slotQueued = false;
          const cutoff = Date.now() - waitMs;
          const refused = err instanceof LockBusyError ? q.waiting.filter((p) => p.arrivedAt <= cutoff + 5) : q.waiting.slice();
          q.waiting = q.waiting.filter((p) => !refused.includes(p));
          for (const p of refused) p.reject(err);
        }
        schedule(key, q);
        if (q.waiting.length === 0 && !q.slotQueued) queues.delete(key);
      },
    );
  }

  return {
    submit(key: string, request: R): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        let q = queues.get(key);
        if (!q) {
          q = { waiting: [], slotQueued: false };
          queues.set(key, q);
        }
        q.waiting.push({ request, arrivedAt: Date.now(), resolve, reject });
        schedule(key, q);
      });
    },
  };
}
