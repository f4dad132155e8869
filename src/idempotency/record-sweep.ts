import type { Logger } from 'pino';
import type { IdempotentRequests } from './idempotent-requests.js';

/** Deletes Idempotency-Key answers past their 24 hours. Every replica runs it; a DELETE removes each row once. */
export function createRecordSweep(requests: Pick<IdempotentRequests, 'sweepExpired'>, log: Logger) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;

  return {
    start(intervalMs: number) {
      stopped = false;
      const tick = () => {
        running = (async () => {
          // A backlog (a replica that was down for a day, say) goes in bounded batches.
          for (let n = 1000; n >= 1000 && !stopped; ) n = await requests.sweepExpired();
        })()
          .catch((err: unknown) => log.warn({ err }, 'idempotency record sweep failed; the next one retries'))
          .finally(() => {
            running = undefined;
            if (!stopped) timer = setTimeout(tick, intervalMs);
          });
      };
      // Replicas started together spread their sweeps over the interval.
      timer = setTimeout(tick, Math.floor(Math.random() * intervalMs));
      timer.unref();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
