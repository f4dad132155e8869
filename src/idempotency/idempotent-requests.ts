import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { IdempotencyKeyInUseError, IdempotencyKeyMismatchError, errorBody, isClientRefusal } from '../errors.js';
import type { Claim } from '../locks/item-locks.js';
import {
  deleteExpiredRecord, deleteExpiredRecords, findRecord, insertRecords, isDuplicateRecord, type IdempotencyRecord, type StoredAnswer,
} from './idempotency-records.js';

export type { StoredAnswer } from './idempotency-records.js';

/**
 * A request under an Idempotency-Key, as the domain sees it: the domain writes `record(result)` inside the transaction
 * that commits the result, and says `committed()` after COMMIT, so the answer and the change commit together or not at all.
 */
export type Recording<R> = {
  readonly key: string;
  readonly requestHash: string;
  record(result: R): IdempotencyRecord;
  committed(): void;
};

export type IdempotentOutcome<R> = { answer: StoredAnswer; replayed: boolean; result?: R };

export type IdempotentRequests = {
  /**
   * Runs `work` once per (user, key). A repeat of the same request gets the stored answer (`replayed`); another request
   * with the key is 422; one while the first still runs is 409. Refusals (4xx) are stored too; a 5xx is not, so the
   * key can be retried.
   */
  run<R>(
    userId: string,
    key: string,
    requestHash: string,
    answerOf: (result: R) => StoredAnswer,
    work: (recording: Recording<R>) => Promise<R>,
  ): Promise<IdempotentOutcome<R>>;
  /** Deletes answers past their 24 hours; returns how many this call deleted. */
  sweepExpired(): Promise<number>;
};

type Deps = {
  db: Knex;
  /** One try at a claim across the lock masters: held while the request runs, free again after `claimTtlMs` if its holder dies. */
  tryClaim: (key: string, ttlMs: number) => Promise<Claim | undefined>;
  claimTtlMs: number;
  log: Logger;
};

/**
 * Idempotency-Key records live in MySQL, beside the orders they answer; the "still running" claim is a lease on the
 * lock masters, so keyed requests survive what bookings survive: any one master frozen or lost.
 */
export function createIdempotentRequests({ db, tryClaim, claimTtlMs, log }: Deps): IdempotentRequests {
  function replay<R>(found: Awaited<ReturnType<typeof findRecord>>, requestHash: string): IdempotentOutcome<R> | undefined {
    if (!found || found.expired) return undefined;
    if (found.requestHash !== requestHash) throw new IdempotencyKeyMismatchError();
    return { answer: found.answer, replayed: true };
  }

  async function storedAnswer<R>(userId: string, key: string, requestHash: string): Promise<IdempotentOutcome<R> | undefined> {
    return replay<R>(await findRecord(db, userId, key), requestHash);
  }

  /** Stores an answer outside any transaction (refusals, and results the work did not record); a stored one wins. */
  async function storeAfter(record: IdempotencyRecord): Promise<void> {
    try {
      await insertRecords(db, [record]);
    } catch (err) {
      if (!isDuplicateRecord(err)) throw err;
      if (await deleteExpiredRecord(db, record.userId, record.key)) await insertRecords(db, [record]);
    }
  }

  return {
    async run<R>(userId: string, key: string, requestHash: string, answerOf: (result: R) => StoredAnswer, work: (recording: Recording<R>) => Promise<R>) {
      const found = await findRecord(db, userId, key);
      const before = replay<R>(found, requestHash);
      if (before) return before;
      const claim = await tryClaim(`${userId.length}:${userId}:${key}`, claimTtlMs);
      if (!claim) {
        // Held by another request; it may have just finished.
        const finished = await storedAnswer<R>(userId, key, requestHash);
        if (finished) return finished;
        throw new IdempotencyKeyInUseError();
      }
      try {
        // An answer past its 24 hours that the sweep has not reached yet must not keep this one out.
        if (found?.expired) await deleteExpiredRecord(db, userId, key);
        let recorded = false;
        const record = (result: R): IdempotencyRecord => ({ userId, key, requestHash, answer: answerOf(result) });
        let result: R;
        try {
          result = await work({ key, requestHash, record, committed: () => (recorded = true) });
        } catch (err) {
          // Another request with this key committed first (its claim had run out): its answer is the answer.
          if (isDuplicateRecord(err)) {
            const winner = await storedAnswer<R>(userId, key, requestHash);
            if (winner) return winner;
          }
          if (isClientRefusal(err)) {
            await storeAfter({ userId, key, requestHash, answer: { status: err.status, body: errorBody(err) } }).catch((e: unknown) =>
              log.warn({ err: e }, 'idempotency refusal not stored; a retry is evaluated again'),
            );
          }
          throw err;
        }
        if (!recorded) {
          try {
            await storeAfter(record(result));
          } catch (err) {
            // The result stands; until the claim expires a retry gets 409, after that it is evaluated again.
            log.warn({ err }, 'idempotency answer not stored');
          }
        }
        return { answer: answerOf(result), replayed: false, result };
      } finally {
        await claim.release();
      }
    },

    sweepExpired: () => deleteExpiredRecords(db),
  };
}
