import { ExecutionError, Redlock, ResourceLockedError, type ExecutionStats, type Lock } from '@sesamecare-oss/redlock';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, LeaseExpiredError, LockBusyError, LockUnavailableError } from '../errors.js';
import type { Metrics } from '../ops/metrics.js';
import type { ReleaseNotices } from './release-notices.js';

/** With release notices, how long a releaser with more work waits before asking again, so waiters elsewhere go first. */
const NOTICED_YIELD_MS = 2;
// Racing claims that split the votes (none with a quorum) try again this many times.
const SPLIT_RETRIES = 3;
/** How long masters found unable to make a quorum are not asked again (see noteVotes). */
const NO_QUORUM_HOLD_MS = 500;

/** What a holder may ask of its lease while it works. */
export interface Lease {
  readonly key: string;
  /** Throws LEASE_EXPIRED when too little validity is left to commit safely. */
  assertHeld(): void;
  remainingMs(): number;
}

export type WithItemLock = <T>(key: string, fn: (lease: Lease) => Promise<T>) => Promise<T>;
/** Several items' leases at once, for work that changes all of them in one transaction. */
export type WithItemLocks = <T>(keys: readonly string[], fn: (lease: Lease) => Promise<T>) => Promise<T>;

/** Several items' leases held together (one acquisition); released together after the work committed. */
export type HeldLeases = { lease: Lease; release(): Promise<void> };

/** A held claim; release it when the work it guards is done (a failed release only lets it expire). */
export type Claim = { release(): Promise<void> };

export type ItemLockSettings = {
  ttlMs: number;
  waitMs: number;
  /** Jittered pause between acquisition attempts: short, so a freed lease is picked up quickly. */
  retryDelayMinMs?: number;
  retryDelayMaxMs?: number;
  /** How long one replica may keep handing a lease to its own queued requests before it lets others in. */
  sliceMs?: number;
  keyPrefix?: string;
  /**
   * Release notices (ReleaseNotices): waiters try again the moment a lease is freed, and poll only slowly underneath.
   * Without them, waiters poll every retryDelayMin..MaxMs.
   */
  notices?: ReleaseNotices;
  /** With notices, how often a waiter still polls (for a lease that expired with its holder); default 25 ms. */
  noticedPollMs?: number;
};

type Waiter = {
  readonly enqueuedAt: number;
  readonly deadline: number;
  readonly run: (lease: Lease) => Promise<void>;
  readonly refuse: (err: AppError) => void;
};

/** `unreachable`: the last refused attempt failed for want of masters, not because the item was held. */
type Slot = { queue: Waiter[]; driving: boolean; unreachable: boolean; watching: boolean };

/**
 * Redlock leases on items, with a local FIFO per key: requests for one item in this replica queue here,
 * only the head asks Redis, and a held lease is handed to the next local request instead of being
 * released and re-acquired, for at most one slice so other replicas get their turn.
 */
export class ItemLocks {
  private readonly slots = new Map<string, Slot>();
  private readonly redlock: Redlock;
  private readonly quorum: number;
  private readonly retryMin: number;
  private readonly retryMax: number;
  private readonly sliceMs: number;
  private readonly safetyMs: number;

  constructor(
    private readonly clients: readonly Redis[],
    private readonly settings: ItemLockSettings,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    this.redlock = new Redlock(clients, { retryCount: 0, driftFactor: 0.01 });
    // Redlock emits every refused vote, including "already locked"; those are the normal path.
    this.redlock.on('error', () => undefined);
    this.quorum = Math.floor(clients.length / 2) + 1;
    this.retryMin = settings.retryDelayMinMs ?? 5;
    this.retryMax = settings.retryDelayMaxMs ?? 10;
    this.sliceMs = settings.sliceMs ?? Math.min(100, Math.floor(settings.ttlMs / 10));
    this.safetyMs = Math.min(250, Math.floor(settings.ttlMs / 10));
    // A master that reconnects (restarted, or its network back) may complete a quorum: ask again at once rather than
    // refusing bookings for the rest of NO_QUORUM_HOLD_MS.
    for (const c of clients) c.on('ready', () => (this.noQuorum = { until: 0, answering: 0 }));
  }

  /** Runs fn while this replica holds the item's lease; commit inside fn happens before the release. */
  readonly withItemLock: WithItemLock = <T>(key: string, fn: (lease: Lease) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const now = Date.now();
      const waiter: Waiter = {
        enqueuedAt: now,
        deadline: now + this.settings.waitMs,
        run: async (lease) => {
          try {
            resolve(await fn(lease));
          } catch (err) {
            reject(err as Error);
          }
        },
        refuse: reject,
      };
      let slot = this.slots.get(key);
      if (!slot) {
        slot = { queue: [], driving: false, unreachable: false, watching: false };
        this.slots.set(key, slot);
      }
      slot.queue.push(waiter);
      if (!slot.driving) void this.drive(key, slot);
    });

  /**
   * Runs fn while this replica holds every key's lease. Keys are taken one by one in one canonical (sorted) order, so
   * two replicas that need overlapping sets can never each hold what the other waits for.
   */
  readonly withItemLocks: WithItemLocks = <T>(keys: readonly string[], fn: (lease: Lease) => Promise<T>): Promise<T> => {
    const sorted = [...new Set(keys)].sort();
    if (sorted.length === 0) throw new Error('withItemLocks needs at least one key');
    const step = (i: number, held: Lease[]): Promise<T> =>
      i === sorted.length ? fn(allOf(held)) : this.withItemLock(sorted[i] as string, (lease) => step(i + 1, [...held, lease]));
    return step(0, []);
  };

  /**
   * One attempt, no waiting, at every key's lease in one Redlock acquisition (one round trip per master, whatever the
   * number of keys): all of them, or undefined when any is held elsewhere or the masters do not answer. The keys are
   * then held together and released together; an item that was refused goes through withItemLock instead.
   */
  async tryHoldAll(keys: readonly string[]): Promise<HeldLeases | undefined> {
    if (keys.length === 0) return undefined;
    if (!this.hasQuorum()) throw this.unavailable(keys.length, this.reachableMasters());
    let lock: Lock;
    try {
      lock = await this.redlock.acquire(keys.map((k) => `${this.settings.keyPrefix ?? ''}lock:${k}`), this.settings.ttlMs);
    } catch (err) {
      // Too few masters answered (frozen ones time out, their connections still look ready): no lease can be had, so
      // the bookings are refused now instead of waiting LOCK_WAIT_MS for one. Held elsewhere: each takes its own.
      const stats = await votesIfIn(err);
      if (stats && this.noteVotes(stats)) throw this.unavailable(keys.length, stats.membershipSize - failingVotes(stats));
      return undefined;
    }
    this.metrics.leasesAcquired.inc(keys.length);
    const lease = this.leaseOf(keys.join(','), lock);
    return { lease, release: () => this.release(keys.join(','), lock, false) };
  }

  /** Whether this replica was refused `key`'s lease within the last `windowMs`: a contended item takes its lease alone. */
  wasRefusedRecently(key: string, windowMs = 1000): boolean {
    const at = this.refusedAt.get(key);
    if (at === undefined) return false;
    if (Date.now() - at < windowMs) return true;
    this.refusedAt.delete(key);
    return false;
  }

  /**
   * Holds a claim on `key` (an Idempotency-Key, say) across the masters for `ttlMs`, without waiting for a holder.
   * Returns the claim, or undefined when another request holds it; without a quorum of masters, LOCK_UNAVAILABLE.
   * When requests racing for a free key split the votes so that none has a quorum (each holds a minority, and all
   * give theirs back), it tries again after a short random pause, up to `SPLIT_RETRIES` times, so that one of them
   * gets it. A claim whose holder dies is free again after `ttlMs`.
   */
  async tryClaim(key: string, ttlMs: number): Promise<Claim | undefined> {
    for (let attempt = 0; ; attempt += 1) {
      if (!this.hasQuorum()) throw new LockUnavailableError(this.reachableMasters(), this.quorum);
      try {
        const lock = await this.redlock.acquire([`${this.settings.keyPrefix ?? ''}claim:${key}`], ttlMs);
        return {
          release: async () => {
            try {
              await lock.release();
            } catch (err) {
              this.log.warn({ err, key }, 'claim release did not reach a quorum; it will expire');
            }
          },
        };
      } catch (err) {
        // Held elsewhere, a split vote, or too few masters answered: only the votes tell which.
        const stats = err instanceof ExecutionError ? await err.attempts[0]?.catch(() => undefined) : undefined;
        if (!stats) throw err;
        let failing = 0;
        let locked = 0;
        for (const e of stats.votesAgainst.values()) {
          if (e instanceof ResourceLockedError) locked += 1;
          else failing += 1;
        }
        if (failing > stats.membershipSize - stats.quorumSize) throw new LockUnavailableError(stats.membershipSize - failing, stats.quorumSize);
        if (locked >= stats.quorumSize || attempt >= SPLIT_RETRIES) return undefined;
        await sleep(5 + Math.random() * 20);
      }
    }
  }

  /** Resolves once this replica holds no lease and nobody waits for one (every release has been sent and answered). */
  async idle(): Promise<void> {
    while (this.slots.size > 0) await sleep(5);
  }

  /** Number of masters whose connection is ready now. */
  reachableMasters(): number {
    const ready = this.clients.filter((c) => c.status === 'ready').length;
    return Date.now() < this.noQuorum.until ? Math.min(ready, this.noQuorum.answering) : ready;
  }

  hasQuorum(): boolean {
    return this.reachableMasters() >= this.quorum;
  }

  private async drive(key: string, slot: Slot): Promise<void> {
    slot.driving = true;
    try {
      while (slot.queue.length > 0) {
        const lock = await this.acquire(key, slot);
        if (!lock) continue;
        this.metrics.leasesAcquired.inc();
        await this.serve(key, slot, lock);
        await this.release(key, lock);
        // Let other replicas' waiters take the free lease before this replica asks again.
        if (slot.queue.length > 0) await sleep(this.settings.notices ? NOTICED_YIELD_MS : this.jitter());
      }
    } catch (err) {
      // Unreachable by design; refuse everyone rather than leave requests hanging.
      this.log.error({ err, key }, 'item lock driver failed');
      for (const w of slot.queue.splice(0)) w.refuse(new AppError('INTERNAL', 'Lock driver failed'));
    } finally {
      slot.driving = false;
      if (slot.queue.length > 0) void this.drive(key, slot);
      else {
        this.slots.delete(key);
        if (slot.watching) this.settings.notices?.unwatch(key);
      }
    }
  }

  /** Tries until it holds the lease or the queue is empty; refuses waiters whose wait ran out. */
  private async acquire(key: string, slot: Slot): Promise<Lock | undefined> {
    for (;;) {
      if (!this.hasQuorum()) {
        this.refuseAll(slot, () => new LockUnavailableError(this.reachableMasters(), this.quorum), 'unavailable');
        return undefined;
      }
      const attemptedAt = Date.now();
      try {
        const lock = await this.redlock.acquire([`${this.settings.keyPrefix ?? ''}lock:${key}`], this.settings.ttlMs);
        slot.unreachable = false;
        return lock;
      } catch (err) {
        // Refused by a quorum (held elsewhere), or masters failing: wait a little and try again. When every vote is in
        // already (frozen masters' votes come with their timeout), the waiters refused below learn the reason now.
        const stats = await votesIfIn(err);
        if (stats) {
          this.learn(slot, stats);
          // No quorum can answer: refuse now, as with masters disconnected, rather than ask again until the wait ends.
          if (slot.unreachable) {
            this.refuseAll(slot, () => new LockUnavailableError(stats.membershipSize - failingVotes(stats), this.quorum), 'unavailable');
            return undefined;
          }
        } else this.noteFailure(slot, err);
        this.noteRefused(key);
      }
      this.refuseExpired(slot, key);
      if (slot.queue.length === 0) return undefined;
      const notices = this.settings.notices;
      if (!notices || !slot.watching) {
        // The first refusal starts listening for releases; until the subscription lands, poll once as before.
        if (notices) {
          slot.watching = true;
          notices.watch(key);
        }
        await sleep(this.jitter());
        continue;
      }
      await notices.waitFor(key, Math.min(this.settings.noticedPollMs ?? 25, Math.max(1, (slot.queue[0]?.deadline ?? 0) - Date.now())), attemptedAt);
    }
  }

  private leaseOf(key: string, lock: Lock): Lease {
    return {
      key,
      remainingMs: () => lock.expiration - Date.now(),
      assertHeld: () => {
        if (lock.expiration - Date.now() < this.safetyMs) {
          this.metrics.leasesLost.inc();
          throw new LeaseExpiredError(key);
        }
      },
    };
  }

  private async serve(key: string, slot: Slot, lock: Lock): Promise<void> {
    const acquiredAt = Date.now();
    const lease = this.leaseOf(key, lock);
    let served = 0;
    while (slot.queue.length > 0) {
      const now = Date.now();
      if (served > 0 && (now - acquiredAt >= this.sliceMs || lock.expiration - now < this.settings.ttlMs / 2)) return;
      const waiter = slot.queue.shift() as Waiter;
      this.metrics.leaseAcquireDuration.observe({ outcome: 'acquired' }, (now - waiter.enqueuedAt) / 1000);
      await waiter.run(lease);
      served += 1;
    }
  }

  private async release(key: string, lock: Lock, announce = true): Promise<void> {
    try {
      const released = lock.release();
      if (announce) this.settings.notices?.announce(key);
      await released;
    } catch (err) {
      // The work already committed; the TTL will free the key.
      this.metrics.leaseReleaseFailures.inc();
      this.log.warn({ err, key }, 'lease release did not reach a quorum; it will expire');
    }
  }

  private refuseExpired(slot: Slot, key: string): void {
    const now = Date.now();
    const stillWaiting: Waiter[] = [];
    for (const w of slot.queue) {
      if (w.deadline > now) stillWaiting.push(w);
      else if (slot.unreachable) this.refuse(w, new LockUnavailableError(this.clients.length - this.failingMasters, this.quorum), 'unavailable');
      else this.refuse(w, new LockBusyError(key), 'busy');
    }
    slot.queue.splice(0, slot.queue.length, ...stillWaiting);
  }

  private failingMasters = 0;
  private readonly refusedAt = new Map<string, number>();

  private noteRefused(key: string): void {
    // Bounded: a replica refused on very many items at once forgets the oldest.
    if (this.refusedAt.size >= 10_000) this.refusedAt.delete(this.refusedAt.keys().next().value as string);
    this.refusedAt.set(key, Date.now());
  }

  /** Learns, once every vote is in, whether an attempt failed because too few masters answered. */
  private noteFailure(slot: Slot, err: unknown): void {
    const attempt = err instanceof ExecutionError ? err.attempts[0] : undefined;
    if (!attempt) return;
    attempt.then(
      (stats) => this.learn(slot, stats),
      () => undefined,
    );
  }

  private learn(slot: Slot, stats: ExecutionStats): void {
    slot.unreachable = this.noteVotes(stats);
  }

  /**
   * Counts the failing votes of an acquisition; true when too few masters answered for any quorum. Those masters are
   * then taken as unreachable for NO_QUORUM_HOLD_MS: frozen masters keep connections that look ready, and asking them
   * costs a command timeout each time, so meanwhile bookings are refused at once and one acquisition after the hold
   * asks again.
   */
  private noteVotes(stats: ExecutionStats): boolean {
    const failing = failingVotes(stats);
    this.failingMasters = failing;
    const unreachable = failing > stats.membershipSize - stats.quorumSize;
    if (unreachable) this.noQuorum = { until: Date.now() + NO_QUORUM_HOLD_MS, answering: stats.membershipSize - failing };
    return unreachable;
  }

  private noQuorum = { until: 0, answering: 0 };

  private unavailable(waiters: number, reachable: number): LockUnavailableError {
    this.metrics.leaseFailures.inc({ reason: 'unavailable' }, waiters);
    return new LockUnavailableError(reachable, this.quorum);
  }

  private refuseAll(slot: Slot, error: () => AppError, reason: string): void {
    for (const w of slot.queue.splice(0)) this.refuse(w, error(), reason);
  }

  private refuse(w: Waiter, err: AppError, reason: string): void {
    this.metrics.leaseFailures.inc({ reason });
    this.metrics.leaseAcquireDuration.observe({ outcome: reason }, (Date.now() - w.enqueuedAt) / 1000);
    w.refuse(err);
  }

  private jitter(): number {
    return this.retryMin + Math.random() * (this.retryMax - this.retryMin);
  }
}

/** Votes against that are failures (a master down, frozen or erroring), not "held elsewhere". */
function failingVotes(stats: ExecutionStats): number {
  let failing = 0;
  for (const e of stats.votesAgainst.values()) if (!(e instanceof ResourceLockedError)) failing += 1;
  return failing;
}

/** The first attempt's votes of a failed acquisition if every one is in by now; undefined while some are outstanding. */
async function votesIfIn(err: unknown): Promise<ExecutionStats | undefined> {
  const attempt = err instanceof ExecutionError ? err.attempts[0] : undefined;
  if (!attempt) return undefined;
  return Promise.race([attempt.catch(() => undefined), new Promise<undefined>((resolve) => setImmediate(() => resolve(undefined)))]);
}

/** One lease standing for several: held while every one is, with the least time any has left. */
export function allOf(leases: readonly Lease[]): Lease {
  if (leases.length === 1) return leases[0] as Lease;
  return {
    key: leases.map((l) => l.key).join(','),
    assertHeld: () => leases.forEach((l) => l.assertHeld()),
    remainingMs: () => Math.min(...leases.map((l) => l.remainingMs())),
  };
}
