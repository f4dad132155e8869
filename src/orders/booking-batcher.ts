import { LockBusyError } from '../errors.js';
import type { Lease, WithItemLock } from '../locks/item-locks.js';

type Pending<R, T> = { request: R; arrivedAt: number; resolve: (value: T) => void; reject: (err: unknown) => void };
type Queue<R, T> = { waiting: Array<Pending<R, T>>; slotQueued: boolean };

export type BatchOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The bookings of one item whose lease this replica now holds, waiting for a transaction to take them. */
export type LeasedGroup<R> = { readonly key: string; readonly lease: Lease; readonly requests: R[] };
type ReadyGroup<R, T> = LeasedGroup<R> & { readonly pending: Array<Pending<R, T>>; readonly done: () => void };

/**
 * Group commit. Bookings queue per item; each item with bookings waiting has one lease request in the lock's local
 * queue. When its lease is granted, the item's waiting bookings become ready, and one transaction takes every item
 * that is ready at that moment: several items, each under its own lease, one COMMIT. An item whose lease is busy
 * delays nobody else: it joins a later transaction when its lease comes. After the transaction, each item's lease
 * goes back to the lock, which hands it to the item's next waiting batch within one slice, or releases it.
 */
export function createBookingBatcher<R, T>({
  withItemLock,
  waitMs,
  maxBatch,
  maxInFlight,
  stallMs,
  run,
}: {
  withItemLock: WithItemLock;
  waitMs: number;
  /** Most bookings in one transaction. */
  maxBatch: number;
  /**
   * Transactions run one at a time, so that items that become ready meanwhile ride in the next, bigger one; but a
   * transaction still running after `stallMs` (a stay waiting on a row lock, a paused statement) no longer holds the
   * others up: another starts beside it, up to `maxInFlight`.
   */
  maxInFlight: number;
  stallMs: number;
  /** Runs the groups in one transaction; returns, per group, one outcome per request in order. */
  run: (groups: Array<LeasedGroup<R>>) => Promise<Array<Array<BatchOutcome<T>>>>;
}) {
  const queues = new Map<string, Queue<R, T>>();
  const ready: Array<ReadyGroup<R, T>> = [];
  /** When each running transaction started. */
  const running = new Set<number>();
  let recheck: NodeJS.Timeout | undefined;

  /** Room for another transaction: none runs, or every one running has been at it for stallMs. */
  function roomForAnother(now: number): boolean {
    if (running.size === 0) return true;
    if (running.size >= maxInFlight) return false;
    for (const startedAt of running) if (now - startedAt < stallMs) return false;
    return true;
  }

  function settle(group: ReadyGroup<R, T>, outcomes: Array<BatchOutcome<T>> | undefined, failure?: unknown): void {
    group.pending.forEach((p, i) => {
      const o = outcomes?.[i];
      if (o?.ok) p.resolve(o.value);
      else p.reject(o ? o.error : (failure ?? new Error('batch returned no outcome')));
    });
    group.done();
  }

  /** Starts transactions while there is room: each takes the ready items, oldest first, up to maxBatch bookings. */
  function pump(): void {
    clearTimeout(recheck);
    recheck = undefined;
    while (ready.length > 0 && roomForAnother(Date.now())) {
      const groups: Array<ReadyGroup<R, T>> = [];
      let size = 0;
      while (ready.length > 0 && (groups.length === 0 || size + (ready[0] as ReadyGroup<R, T>).requests.length <= maxBatch)) {
        const g = ready.shift() as ReadyGroup<R, T>;
        groups.push(g);
        size += g.requests.length;
      }
      const startedAt = Date.now();
      // Two transactions may start in the same millisecond: the set keeps each one's own entry.
      const token = running.has(startedAt) ? startedAt + Math.random() : startedAt;
      running.add(token);
      run(groups)
        .then(
          (results) => groups.forEach((g, i) => settle(g, results[i])),
          (err: unknown) => groups.forEach((g) => settle(g, undefined, err)),
        )
        .finally(() => {
          running.delete(token);
          pump();
        });
    }
    // Items are waiting behind a young transaction: look again when it turns stalled.
    if (ready.length > 0 && running.size < maxInFlight && recheck === undefined) {
      const youngest = Math.max(...running);
      recheck = setTimeout(pump, Math.max(1, youngest + stallMs - Date.now()));
    }
  }

  function schedule(key: string, q: Queue<R, T>): void {
    if (q.slotQueued || q.waiting.length === 0) return;
    q.slotQueued = true;
    let taken: Array<Pending<R, T>> = [];
    withItemLock(key, (lease) => {
      q.slotQueued = false;
      taken = q.waiting.splice(0, maxBatch);
      // Queue the next slot now, so the lease can be handed straight to it.
      schedule(key, q);
      // The lease is held until the transaction that takes this group has ended.
      return new Promise<void>((done) => {
        ready.push({ key, lease, requests: taken.map((p) => p.request), pending: taken, done });
        pump();
      });
    }).then(
      () => {
        if (queues.get(key) === q && q.waiting.length === 0 && !q.slotQueued) queues.delete(key);
      },
      (err: unknown) => {
        if (taken.length > 0) {
          // Unreachable: a group's outcome is settled before its lease is given back.
          for (const p of taken) p.reject(err);
        } else {
          // The lease was refused before the group formed: refuse those who waited their full time, retry the rest.
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
