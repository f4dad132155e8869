import { LockBusyError } from '../errors.js';
import type { HeldLeases, Lease, WithItemLock, WithItemLocks } from '../locks/item-locks.js';

type Pending<R, T> = { request: R; arrivedAt: number; resolve: (value: T) => void; reject: (err: unknown) => void };
type Queue<R, T> = { waiting: Array<Pending<R, T>>; slotQueued: boolean };

export type BatchOutcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** The bookings of one item whose lease this replica now holds, waiting for a transaction to take them. */
export type LeasedGroup<R> = { readonly key: string; readonly lease: Lease; readonly requests: R[] };
type ReadyGroup<R, T> = LeasedGroup<R> & { readonly pending: Array<Pending<R, T>>; readonly done: () => void };

/**
 * What the batcher needs of the lock: one item's lease with a queue, all of several at once (undefined when one is held
 * elsewhere; rejected with LOCK_UNAVAILABLE without a quorum), and who is contended.
 */
export type BatchLocks = {
  withItemLock: WithItemLock;
  withItemLocks: WithItemLocks;
  tryHoldAll(keys: readonly string[]): Promise<HeldLeases | undefined>;
  wasRefusedRecently(key: string): boolean;
};

/**
 * Group commit. A transaction takes every item whose bookings are waiting and whose lease this replica holds: several
 * items, each under its own lease, one COMMIT. Items nobody else wants get their leases all at once, in one Redlock
 * acquisition for the whole transaction (one round trip per master); an item refused there, or refused recently, or
 * already waiting, queues for its own lease in the lock, and joins a later transaction when its lease comes. A busy
 * item delays nobody else. After the transaction, leases taken together are released together; an item's own lease
 * goes back to the lock, which hands it to the item's next waiting batch within one slice, or releases it.
 */
export function createBookingBatcher<R, T>({
  locks,
  waitMs,
  maxBatch,
  maxInFlight,
  stallMs,
  run,
}: {
  locks: BatchLocks;
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
  /** Bookings of items that nobody contends: they wait for the next transaction to take their leases together. */
  let fresh: Array<{ keys: string[]; pending: Pending<R, T> }> = [];
  /** Items whose leases a running transaction took together. */
  const heldTogether = new Set<string>();
  /** When each running transaction (or acquisition for one) started. */
  const running = new Set<number>();
  let recheck: NodeJS.Timeout | undefined;
  /** Resolved when nothing runs and no lease waits to be released (a drain waits for it). */
  let whenIdle: Array<() => void> = [];
  const idleNow = () => running.size === 0 && ready.length === 0 && fresh.length === 0 && queues.size === 0;
  function noteIdle(): void {
    if (!idleNow()) return;
    for (const resolve of whenIdle.splice(0)) resolve();
  }

  /** Room for another transaction: none runs, or every one running has been at it for stallMs. */
  function roomForAnother(now: number): boolean {
    if (running.size === 0) return true;
    if (running.size >= maxInFlight) return false;
    for (const startedAt of running) if (now - startedAt < stallMs) return false;
    return true;
  }

  function settle(pending: Array<Pending<R, T>>, outcomes: Array<BatchOutcome<T>> | undefined, failure?: unknown): void {
    pending.forEach((p, i) => {
      const o = outcomes?.[i];
      if (o?.ok) p.resolve(o.value);
      else p.reject(o ? o.error : (failure ?? new Error('batch returned no outcome')));
    });
  }

  function start(): number {
    const now = Date.now();
    // Two may start in the same millisecond: each keeps an entry of its own.
    const token = running.has(now) ? now + Math.random() : now;
    running.add(token);
    return token;
  }

  /** One transaction over the groups; settles every booking before any lease goes back. */
  function transact(token: number, queued: Array<ReadyGroup<R, T>>, together: Array<{ key: string; keys: string[]; pending: Array<Pending<R, T>> }>, held?: HeldLeases): void {
    const groups: Array<LeasedGroup<R>> = [
      ...queued,
      ...together.map((g) => ({ key: g.key, lease: (held as HeldLeases).lease, requests: g.pending.map((p) => p.request) })),
    ];
    const pendings = [...queued.map((g) => g.pending), ...together.map((g) => g.pending)];
    run(groups)
      .then(
        (results) => pendings.forEach((p, i) => settle(p, results[i])),
        (err: unknown) => pendings.forEach((p) => settle(p, undefined, err)),
      )
      .finally(async () => {
        for (const g of queued) g.done();
        if (held) {
          // Committed (or rolled back) before the release, so the next holder sees the new counts.
          await held.release();
          for (const g of together) for (const k of g.keys) heldTogether.delete(k);
        }
        running.delete(token);
        pump();
        noteIdle();
      });
  }

  /** Starts transactions while there is room: the ready items, plus fresh items whose leases it takes together. */
  function pump(): void {
    clearTimeout(recheck);
    recheck = undefined;
    while ((ready.length > 0 || fresh.length > 0) && roomForAnother(Date.now())) {
      const queued: Array<ReadyGroup<R, T>> = [];
      let size = 0;
      while (ready.length > 0 && (queued.length === 0 || size + (ready[0] as ReadyGroup<R, T>).requests.length <= maxBatch)) {
        const g = ready.shift() as ReadyGroup<R, T>;
        queued.push(g);
        size += g.requests.length;
      }
      const inQueued = new Set(queued.map((g) => g.key));
      const taking: typeof fresh = [];
      const keys = new Set<string>();
      const later: typeof fresh = [];
      for (const f of fresh) {
        if (size >= maxBatch || f.keys.some((k) => heldTogether.has(k) || inQueued.has(k))) later.push(f);
        else {
          taking.push(f);
          for (const k of f.keys) keys.add(k);
          size += 1;
        }
      }
      if (queued.length === 0 && taking.length === 0) break;
      fresh = later;
      const token = start();
      if (taking.length === 0) {
        transact(token, queued, []);
        continue;
      }
      const groups = [{ key: [...keys].join(','), keys: [...keys], pending: taking.map((f) => f.pending) }];
      for (const k of keys) heldTogether.add(k);
      void locks.tryHoldAll([...keys]).then((held) => {
        if (!held) {
          // Some item is held elsewhere: each booking takes its own leases instead.
          for (const k of keys) heldTogether.delete(k);
          for (const f of taking) alone(f.keys, f.pending);
          if (queued.length > 0) transact(token, queued, []);
          else {
            running.delete(token);
            pump();
          }
          return;
        }
        transact(token, queued, groups, held);
      }, (err: unknown) => {
        // Too few lock masters answer: these bookings are refused (LOCK_UNAVAILABLE) rather than queued for a lease.
        for (const k of keys) heldTogether.delete(k);
        for (const f of taking) f.pending.reject(err);
        if (queued.length > 0) transact(token, queued, []);
        else {
          running.delete(token);
          pump();
          noteIdle();
        }
      });
    }
    // Items are waiting behind a young transaction: look again when it turns stalled.
    if ((ready.length > 0 || fresh.length > 0) && running.size > 0 && running.size < maxInFlight && recheck === undefined) {
      const youngest = Math.max(...running);
      recheck = setTimeout(pump, Math.max(1, youngest + stallMs - Date.now()));
    }
  }

  /**
   * A booking's own leases: one item's through its queue (its bookings batch with those that wait with them); an order
   * of several items takes every item's lease in one canonical order (so replicas cannot deadlock) and commits alone.
   */
  function alone(keys: string[], p: Pending<R, T>): void {
    if (keys.length === 1) {
      queueAlone(keys[0] as string, p);
      return;
    }
    locks
      .withItemLocks(keys, (lease) => run([{ key: keys.join(','), lease, requests: [p.request] }]))
      .then(
        (results) => settle([p], results[0]),
        (err: unknown) => settle([p], undefined, err),
      );
  }

  /** The item's own lease, through the lock's queue for it. */
  function queueAlone(key: string, p: Pending<R, T>): void {
    let q = queues.get(key);
    if (!q) {
      q = { waiting: [], slotQueued: false };
      queues.set(key, q);
    }
    q.waiting.push(p);
    schedule(key, q);
  }

  function schedule(key: string, q: Queue<R, T>): void {
    if (q.slotQueued || q.waiting.length === 0) return;
    q.slotQueued = true;
    let taken: Array<Pending<R, T>> = [];
    locks
      .withItemLock(key, (lease) => {
        q.slotQueued = false;
        taken = q.waiting.splice(0, maxBatch);
        // Queue the next slot now, so the lease can be handed straight to it.
        schedule(key, q);
        // The lease is held until the transaction that takes this group has ended.
        return new Promise<void>((done) => {
          ready.push({ key, lease, requests: taken.map((p) => p.request), pending: taken, done });
          pump();
        });
      })
      .then(
        () => {
          if (queues.get(key) === q && q.waiting.length === 0 && !q.slotQueued) queues.delete(key);
          noteIdle();
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
    /** Resolves once no booking is waiting or running and every lease taken for one is given back. */
    idle(): Promise<void> {
      return idleNow() ? Promise.resolve() : new Promise<void>((resolve) => whenIdle.push(resolve));
    },

    /** Places one booking under the leases of every item it touches (`keys`, each once). */
    submit(keys: string[], request: R): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const pending: Pending<R, T> = { request, arrivedAt: Date.now(), resolve, reject };
        // An item already queued for its lease, or contended lately, keeps to its own lease (and its notices).
        if (keys.some((k) => queues.has(k) || locks.wasRefusedRecently(k))) alone(keys, pending);
        else {
          fresh.push({ keys, pending });
          pump();
        }
      });
    },
  };
}
