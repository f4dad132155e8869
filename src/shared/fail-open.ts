/** What a guarded call gave: its answer, or nothing (the dependency is skipped for this call). */
export type Guarded<T> = { ok: true; value: T } | { ok: false; reason: 'paused' | 'slow' | 'failed' };

type Settings = {
  /** How long one call waits for the answer before it goes on without it. */
  timeoutMs: number;
  /** A call that fails, or has no answer after `tripAfterMs`, trips the guard: calls skip the dependency for `pauseMs`. */
  tripAfterMs: number;
  pauseMs: number;
  /** Told once per trip, with what tripped it. */
  onTrip(err: Error): void;
  /** Told on each answer while the guard is closed. */
  onAnswer(): void;
};

/**
 * For a dependency the service can do without (a marker, a counter): each call waits at most `timeoutMs`, and a
 * dependency that fails or stays silent for `tripAfterMs` is left alone for `pauseMs`, so a frozen server costs a
 * short wait per call for a moment, not one per call for as long as it is frozen.
 *
 * The wait is measured so that a busy event loop does not pass for a silent server: when the timer fires, the answer
 * may already be in the socket's buffer, so the decision waits for the I/O phase that follows (setImmediate) before it
 * gives up. A slow answer alone does not trip the guard; only failure or `tripAfterMs` of silence does.
 */
export function createFailOpen({ timeoutMs, tripAfterMs, pauseMs, onTrip, onAnswer }: Settings) {
  let pausedUntil = 0;
  const paused = () => Date.now() < pausedUntil;
  const trip = (err: Error) => {
    if (!paused()) onTrip(err);
    pausedUntil = Date.now() + pauseMs;
  };
  const after = (ms: number) =>
    new Promise<'late'>((resolve) => {
      setTimeout(() => setImmediate(() => resolve('late')), ms).unref();
    });

  return {
    paused,
    async call<T>(work: () => Promise<T>): Promise<Guarded<T>> {
      if (paused()) return { ok: false, reason: 'paused' };
      const started = Date.now();
      const answer = work().then(
        (value) => ({ value }),
        (err: unknown) => ({ err: err instanceof Error ? err : new Error(String(err)) }),
      );
      const first = await Promise.race([answer, after(timeoutMs)]);
      if (first === 'late') {
        // This call goes on without the answer; the guard trips only if the answer never comes (or fails).
        void Promise.race([answer, after(Math.max(0, tripAfterMs - (Date.now() - started)))]).then((later) => {
          if (later === 'late') trip(new Error(`no answer within ${tripAfterMs} ms`));
          else if ('err' in later) trip(later.err);
        });
        return { ok: false, reason: 'slow' };
      }
      if ('err' in first) {
        trip(first.err);
        return { ok: false, reason: 'failed' };
      }
      if (!paused()) onAnswer();
      return { ok: true, value: first.value };
    },
  };
}
