import type { Knex } from 'knex';

/** MariaDB reports a violated CHECK constraint as errno 4025 (mysql2 names it after an unrelated MySQL error); MySQL as 3819. */
const CHECK_VIOLATION_ERRNOS = new Set([4025, 3819]);

export function isCheckViolation(err: unknown): boolean {
  const errno = (err as { errno?: number } | undefined)?.errno;
  return errno !== undefined && CHECK_VIOLATION_ERRNOS.has(errno);
}

/** One SQL statement with its bindings and, for a guarded change, the rows it must change. */
export type Statement = { sql: string; bindings: Knex.Value[]; expectRows?: number };

/** A guarded statement changed another number of rows than it must: its guard refused (too little stock left, say). */
export class RowCountMismatch extends Error {
  override readonly name = 'RowCountMismatch';
  constructor(readonly statement: number, readonly changed: number) {
    super(`statement ${statement} changed ${changed} rows`);
  }
}

/**
 * Runs statements in order, in one round trip when there are several (the pool's connections allow multiple
 * statements; every value still goes through placeholders), and checks each guarded one's row count.
 */
export async function runStatements(trx: Knex.Transaction, statements: readonly Statement[]): Promise<void> {
  if (statements.length === 0) return;
  let results: Array<{ affectedRows: number }>;
  try {
    const [out] = (await trx.raw(statements.map((s) => s.sql).join(';\n'), statements.flatMap((s) => s.bindings))) as [unknown];
    results = (statements.length === 1 ? [out] : out) as Array<{ affectedRows: number }>;
  } catch (err) {
    // A CHECK constraint refusing the change is a guard refusing it.
    if (isCheckViolation(err)) throw new RowCountMismatch(-1, 0);
    throw err;
  }
  statements.forEach((s, i) => {
    const changed = results[i]?.affectedRows ?? 0;
    if (s.expectRows !== undefined && changed !== s.expectRows) throw new RowCountMismatch(i, changed);
  });
}


/** Runs read (or read-after-write) statements in one round trip and gives each statement's rows, in order. */
export async function readStatements(trx: Knex.Transaction, statements: readonly Statement[]): Promise<unknown[][]> {
  if (statements.length === 0) return [];
  const [out] = (await trx.raw(statements.map((s) => s.sql).join(';\n'), statements.flatMap((s) => s.bindings))) as [unknown];
  return (statements.length === 1 ? [out] : out) as unknown[][];
}
