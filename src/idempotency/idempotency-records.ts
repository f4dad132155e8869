import type { Knex } from 'knex';
import type { Statement } from '../db/statements.js';

/** The first answer to a (user, Idempotency-Key): what a repeat of the same request gets back. */
export type StoredAnswer = { status: number; body: unknown };
export type IdempotencyRecord = { userId: string; key: string; requestHash: string; answer: StoredAnswer };

type RecordRow = { user_id: string; idem_key: string; request_hash: string; response_status: number; response_body: string; expires_at: Date };

/** How long an answer is kept: the contract's 24 hours. */
export const KEEP_MS = 24 * 3600 * 1000;

/** The stored answer; `expired` when it is past its 24 hours and only waits for the sweep (it answers nothing then). */
export async function findRecord(db: Knex, userId: string, key: string, now = new Date()): Promise<(IdempotencyRecord & { expired: boolean }) | undefined> {
  const row = await db<RecordRow>('idempotency_records').where({ user_id: userId, idem_key: key }).first();
  if (!row) return undefined;
  return {
    userId,
    key,
    requestHash: row.request_hash,
    answer: { status: row.response_status, body: JSON.parse(row.response_body) as unknown },
    expired: row.expires_at.getTime() <= now.getTime(),
  };
}

/**
 * Writes answers in one statement, inside the caller's transaction. A key that already has an answer fails the
 * statement with a duplicate key (errno 1062), so two requests that both ran can never both commit.
 */
export async function insertRecords(trx: Knex, records: readonly IdempotencyRecord[], now = new Date()): Promise<void> {
  const statement = insertRecordsStatement(records, now);
  if (statement) await trx.raw(statement.sql, statement.bindings);
}

/** The one INSERT of a batch's answers, to send with its other statements; undefined when there are none. */
export function insertRecordsStatement(records: readonly IdempotencyRecord[], now = new Date()): Statement | undefined {
  if (records.length === 0) return undefined;
  const expires = new Date(now.getTime() + KEEP_MS);
  const row = '(?, ?, ?, ?, ?, ?, ?)';
  return {
    sql: `INSERT INTO idempotency_records (user_id, idem_key, request_hash, response_status, response_body, created_at, expires_at) VALUES ${records.map(() => row).join(', ')}`,
    bindings: records.flatMap((r) => [r.userId, r.key, r.requestHash, r.answer.status, JSON.stringify(r.answer.body), now, expires]),
  };
}

/** Deletes answers past their 24 hours, a bounded batch at a time; every replica runs it, and a row is deleted once. */
export async function deleteExpiredRecords(db: Knex, now = new Date(), limit = 1000): Promise<number> {
  return db('idempotency_records').where('expires_at', '<=', now).orderBy('expires_at').limit(limit).delete();
}

/** A record past its 24 hours that the sweep has not reached yet: it must not keep a new answer out. */
export async function deleteExpiredRecord(db: Knex, userId: string, key: string, now = new Date()): Promise<boolean> {
  return (await db('idempotency_records').where({ user_id: userId, idem_key: key }).andWhere('expires_at', '<=', now).delete()) > 0;
}

/** The duplicate key of an answer already stored (its primary key; no other PRIMARY in a booking can collide). */
export function isDuplicateRecord(err: unknown): boolean {
  const e = err as { errno?: number; sqlMessage?: string };
  return e?.errno === 1062 && /for key '(idempotency_records\.)?PRIMARY'/.test(e.sqlMessage ?? '');
}
