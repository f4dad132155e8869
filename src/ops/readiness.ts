import type { Redis } from 'ioredis';

/** How long one dependency has to answer a readiness check; an answer later than this counts as none. */
export const CHECK_DEADLINE_MS = 150;
/** What `/readyz` promises: its verdict within this long of the request (the deadline plus room for the event loop). */
export const READINESS_BOUND_MS = 250;

export type ReadinessReport = { ready: boolean; reasons: string[]; checks: Record<string, string> };

export type Verdict = { ok: true } | { ok: false; reason: string };

export type LockMaster = { name: string; client: Pick<Redis, 'ping'> };

/**
 * One dependency check with at most one attempt in flight. Every caller while an attempt runs shares its verdict,
 * which is known within `deadlineMs` of the attempt's start; the next attempt starts only once this one settled,
 * so a hanging dependency never collects a pile of pending probes.
 */
export function boundedCheck(attempt: () => Promise<unknown>, deadlineMs = CHECK_DEADLINE_MS) {
  let current: Promise<Verdict> | undefined;
  let last: Verdict | undefined;
  return {
    /** The verdict of the latest attempt that has one, if any. */
    get last(): Verdict | undefined {
      return last;
    },
    verdict(): Promise<Verdict> {
      if (current) return current;
      const run = Promise.resolve().then(attempt);
      const verdict = new Promise<Verdict>((resolve) => {
        // A timer that fires after a stalled event loop runs before the I/O that arrived meanwhile: look again after it.
        const timer = setTimeout(() => setImmediate(() => resolve({ ok: false, reason: `no answer within ${deadlineMs} ms` })), deadlineMs);
        void run
          .then(
            () => resolve({ ok: true }),
            (err: unknown) => resolve({ ok: false, reason: err instanceof Error ? err.message : String(err) }),
          )
          .finally(() => clearTimeout(timer));
      });
      void verdict.then((v) => (last = v));
      current = verdict;
      void run.then(
        () => (current = undefined),
        () => (current = undefined),
      );
      return verdict;
    },
  };
}

/**
 * Ready = not draining, MySQL answers, and a quorum of lock masters answers. The verdict comes as soon as it is
 * known: ready once MySQL and a quorum have answered, without waiting for the slowest master; not ready as soon as
 * MySQL failed or a quorum can no longer answer. No check waits longer than its deadline, so a frozen dependency
 * shows in the body, never in the probe's latency beyond `CHECK_DEADLINE_MS`.
 */
export function createReadiness(mysqlPing: () => Promise<unknown>, lockMasters: readonly LockMaster[]) {
  let draining = false;
  const quorum = Math.floor(lockMasters.length / 2) + 1;
  const mysql = boundedCheck(mysqlPing);
  const masters = lockMasters.map((m) => ({ name: m.name, check: boundedCheck(() => m.client.ping()) }));

  function report(mysqlNow: Verdict | undefined, mastersNow: ReadonlyArray<Verdict | undefined>): ReadinessReport {
    const reasons: string[] = [];
    const checks: Record<string, string> = {};
    if (draining) reasons.push('draining: shutting down');
    // A check still under way shows its previous verdict; the decision itself only counts this round's answers.
    const shown = (now: Verdict | undefined, last: Verdict | undefined) => now ?? last;
    const db = shown(mysqlNow, mysql.last);
    checks['mysql'] = db === undefined ? 'unknown' : db.ok ? 'ok' : 'down';
    if (mysqlNow && !mysqlNow.ok) reasons.push(`mysql: ${mysqlNow.reason}`);
    const states = masters.map((m, i) => shown(mastersNow[i], m.check.last));
    const up = states.filter((v) => v?.ok).length;
    const down = masters.flatMap((m, i) => {
      const v = states[i];
      return v?.ok ? [] : [`${m.name} (${v ? v.reason : 'no answer yet'})`];
    });
    checks['redisLockMasters'] = `${up}/${masters.length} up, ${quorum} needed${down.length > 0 ? `; down: ${down.join(', ')}` : ''}`;
    const failed = mastersNow.filter((v) => v && !v.ok).length;
    if (failed > masters.length - quorum) reasons.push(`redis: only ${up} of ${masters.length} lock masters answer; ${quorum} needed`);
    return { ready: reasons.length === 0 && mysqlNow?.ok === true, reasons, checks };
  }

  return {
    get draining() {
      return draining;
    },
    startDraining() {
      draining = true;
    },
    check(): Promise<ReadinessReport> {
      const mysqlNow = mysql.verdict();
      const mastersNow = masters.map((m) => m.check.verdict());
      return new Promise<ReadinessReport>((resolve) => {
        let db: Verdict | undefined;
        const seen: Array<Verdict | undefined> = masters.map(() => undefined);
        const decide = () => {
          const answered = seen.filter((v) => v?.ok).length;
          const failed = seen.filter((v) => v && !v.ok).length;
          const quorumKnown = answered >= quorum || failed > masters.length - quorum;
          const notReady = draining || (db !== undefined && !db.ok) || failed > masters.length - quorum;
          if (notReady || (db !== undefined && quorumKnown)) resolve(report(db, seen));
        };
        void mysqlNow.then((v) => {
          db = v;
          decide();
        });
        mastersNow.forEach((p, i) =>
          void p.then((v) => {
            seen[i] = v;
            decide();
          }),
        );
        decide();
      });
    },
    /** Each master's verdict, for `redis_master_up`: waits for every one, at most the check deadline. */
    async lockMasters(): Promise<Array<{ master: string; up: boolean }>> {
      const verdicts = await Promise.all(masters.map((m) => m.check.verdict()));
      return masters.map((m, i) => ({ master: m.name, up: verdicts[i]?.ok === true }));
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
