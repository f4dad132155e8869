import type { Redis } from 'ioredis';

/**
 * Tells replicas waiting for a busy lease the moment it is released, instead of leaving them to poll. The releaser
 * publishes on every master right behind its release (same connection, so the key is gone when the notice arrives);
 * a waiter subscribes on every master while it waits and tries again on the first notice. Polling stays underneath,
 * slower, for a notice that never comes (a lease that expired with its holder, a master that froze).
 */
export class ReleaseNotices {
  private readonly watched = new Map<string, number>();
  private readonly waiting = new Map<string, Set<() => void>>();
  /** When the last notice for each watched key arrived: one that came while nobody was waiting still counts. */
  private readonly lastNotice = new Map<string, number>();

  constructor(
    private readonly publishers: readonly Redis[],
    private readonly subscribers: readonly Redis[],
    private readonly keyPrefix: string,
  ) {
    for (const sub of subscribers) {
      sub.on('message', (channel: string) => this.wake(channel.slice(this.keyPrefix.length + 'free:'.length)));
    }
  }

  private channel(key: string): string {
    return `${this.keyPrefix}free:${key}`;
  }

  /** Starts listening for releases of `key` (counted: each watch needs its unwatch). */
  watch(key: string): void {
    const n = this.watched.get(key) ?? 0;
    this.watched.set(key, n + 1);
    if (n === 0) for (const sub of this.subscribers) sub.subscribe(this.channel(key)).catch(() => undefined);
  }

  unwatch(key: string): void {
    const n = (this.watched.get(key) ?? 1) - 1;
    if (n > 0) {
      this.watched.set(key, n);
      return;
    }
    this.watched.delete(key);
    this.lastNotice.delete(key);
    for (const sub of this.subscribers) sub.unsubscribe(this.channel(key)).catch(() => undefined);
  }

  /** Resolves at the first notice that `key` was released after `since` (which may already have come), or after `ms`. */
  waitFor(key: string, ms: number, since: number): Promise<void> {
    if ((this.lastNotice.get(key) ?? 0) >= since) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let set = this.waiting.get(key);
      if (!set) {
        set = new Set();
        this.waiting.set(key, set);
      }
      const waiters = set;
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0 && this.waiting.get(key) === waiters) this.waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });
  }

  /**
   * Announces a release; call it in the same tick as the release, so each master sees the release first. Waiters
   * listen on every master, so it is published on only as many masters as the lock tier may lose plus one (2 of 3,
   * 3 of 5), starting at a master chosen by the key: a notice survives whatever failure the leases survive.
   */
  announce(key: string): void {
    const n = this.publishers.length;
    const copies = n - (Math.floor(n / 2) + 1) + 1;
    let start = 0;
    for (let i = 0; i < key.length; i += 1) start = (start * 31 + key.charCodeAt(i)) % n;
    for (let c = 0; c < copies; c += 1) (this.publishers[(start + c) % n] as Redis).publish(this.channel(key), '1').catch(() => undefined);
  }

  private wake(key: string): void {
    if (this.watched.has(key)) this.lastNotice.set(key, Date.now());
    for (const done of [...(this.waiting.get(key) ?? [])]) done();
  }
}
