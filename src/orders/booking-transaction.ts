import type { Knex } from 'knex';
import { RowCountMismatch, readStatements, runStatements, type Statement } from '../db/statements.js';
import { AppError, HoldLimitReachedError, InsufficientStockError, NotFoundError } from '../errors.js';
import { insertRecordsStatement, isDuplicateRecord, type IdempotencyRecord } from '../idempotency/idempotency-records.js';
import type { Recording } from '../idempotency/idempotent-requests.js';
import { keeperOf } from '../inventory/keepers.js';
import type { ItemKind, LineRequest, OrderLine, Quote } from '../inventory/stock-keeper.js';
import type { Lease } from '../locks/item-locks.js';
import { leasedTransaction } from '../locks/leased-transaction.js';
import type { Faults } from '../ops/faults.js';
import { insertOrdersStatements, isDuplicateKey, type Order } from './order-repository.js';

export type Placed = Order & { replayed?: true };
/** A booking under an Idempotency-Key: its answer is written in the transaction that makes the order. */
export type IdempotencyRef = Recording<Placed>;

/** One order to place: its lines in request order (a package has several), and its key if it has one. */
export type BookingRequest = {
  userId: string;
  lines: LineRequest[];
  contactName: string;
  contactPhone: string;
  /** Sent as `items: [...]`: a refusal names the line (`details.line`). */
  asPackage: boolean;
  /** Holding limits spare this user (an admin or a trusted client). */
  exempt: boolean;
  idem: IdempotencyRef | undefined;
};

export type Outcome = { ok: true; value: Placed } | { ok: false; error: unknown };

/** A transaction that cannot commit as one (a duplicate key, a guard that disagrees with the re-read). */
export class BatchConflict extends Error {
  override readonly name = 'BatchConflict';
  constructor(
    message: string,
    /** The order number collided: the same order may try again with a new one. */
    readonly orderSnCollision: boolean,
  ) {
    super(message);
  }
}

/** What one user may hold pending at once: units of one item, and orders. */
export type HoldingLimits = { unitsPerItem: number; ordersPerUser: number };

type Deps = { db: Knex; faults: Faults; limits: HoldingLimits; newOrder: (request: BookingRequest, lines: OrderLine[], now: Date) => Order };

/** What each user of a batch holds pending: orders, and booked units per item (by lease key). */
type Holds = Map<string, { orders: number; units: Map<string, number> }>;

/**
 * Locks each user's row (in user order, so two batches cannot deadlock on them), then counts what each holds pending:
 * under that lock no other booking by the same user, on any item or replica, can count the same allowance twice.
 * One statement reads the booked lines of every pending order of the batch's users, by the (user_id, status) index
 * (named, so the optimizer does not estimate every index of orders for each user). A user under the limits holds at
 * most `ordersPerUser` pending orders, so the read is bounded by the limits; one who came by more while exempt, or
 * before a limit was lowered, is counted in full (slower, never wrong) until those orders are paid, cancelled or
 * expire, within the order TTL. Sent with the stock re-reads, in their round trip.
 */
function holdReads(users: readonly string[]): { statements: Statement[]; holds(rows: readonly unknown[][]): Holds } {
  const ids = [...users].sort();
  const empty = (): Holds => new Map(ids.map((u) => [u, { orders: 0, units: new Map() }]));
  if (ids.length === 0) return { statements: [], holds: empty };
  const now = new Date();
  return {
    statements: [
      { sql: `INSERT INTO user_holds (user_id, touched_at) VALUES ${ids.map(() => '(?, ?)').join(', ')} ON DUPLICATE KEY UPDATE touched_at = VALUES(touched_at)`, bindings: ids.flatMap((u) => [u, now]) },
      {
        sql: `SELECT o.user_id, o.id, oi.item_type, oi.item_id, oi.quantity FROM orders o FORCE INDEX (orders_user_status)
               JOIN order_items oi ON oi.order_id = o.id AND oi.status = 'booked'
              WHERE o.user_id IN (${ids.map(() => '?').join(', ')}) AND o.status = 'pending'`,
        bindings: ids,
      },
    ],
    holds([, lines]) {
      const holds = empty();
      const seen = new Set<string>();
      for (const r of lines as Array<{ user_id: string; id: Buffer; item_type: string; item_id: number; quantity: number }>) {
        const held = holds.get(r.user_id);
        if (!held) continue;
        const order = r.id.toString('hex');
        if (!seen.has(order)) {
          seen.add(order);
          held.orders += 1;
        }
        const item = `${r.item_type}:${r.item_id}`;
        held.units.set(item, (held.units.get(item) ?? 0) + Number(r.quantity));
      }
      return holds;
    },
  };
}

/** A holding limit this order would cross, or undefined; counts what the user already holds, this batch included. */
function holdingRefusal(r: BookingRequest, holds: Holds, limits: HoldingLimits): Error | undefined {
  if (r.exempt) return undefined;
  const held = holds.get(r.userId) as { orders: number; units: Map<string, number> };
  if (held.orders + 1 > limits.ordersPerUser) return new HoldLimitReachedError({ of: 'orders', limit: limits.ordersPerUser, held: held.orders, requested: 1 });
  const mine = new Map<string, number>();
  for (const [i, l] of r.lines.entries()) {
    const item = keeperOf(l.itemType).lockKey(l);
    mine.set(item, (mine.get(item) ?? 0) + l.quantity);
    const already = held.units.get(item) ?? 0;
    if (already + (mine.get(item) as number) > limits.unitsPerItem) {
      return new HoldLimitReachedError({ of: 'units', item, limit: limits.unitsPerItem, held: already, requested: l.quantity, ...(r.asPackage ? { line: i } : {}) });
    }
  }
  return undefined;
}

/** An accepted order now counts against its user's allowance for the rest of the batch. */
function hold(r: BookingRequest, holds: Holds): void {
  const held = holds.get(r.userId);
  if (!held) return;
  held.orders += 1;
  for (const l of r.lines) {
    const item = keeperOf(l.itemType).lockKey(l);
    held.units.set(item, (held.units.get(item) ?? 0) + l.quantity);
  }
}

/**
 * The booking transaction, for one order or many (of one or several items each, every item under its own lease, all
 * leases held): per stock row one re-read (each kind re-reads all its rows in one statement); first come, first served
 * against what each row has left, an order taking all its lines or none (a line's quantity summed with the order's
 * other lines on the same rows); then every write in one round trip: one INSERT for the orders, one for their lines,
 * one for their answers, and each kind's guarded UPDATEs, whose row counts are all checked. COMMIT only while every
 * lease still holds.
 */
export function createBookingTransaction({ db, faults, limits, newOrder }: Deps) {
  return async function placeBatch(requests: readonly BookingRequest[], lease: Lease): Promise<Outcome[]> {
    const recorded: IdempotencyRef[] = [];
    const outcomes = await leasedTransaction(db, lease, async (trx) => {
      // Lines for the same stock rows share one quote; each kind's quotes come in one go.
      const firstOfKey = new Map<string, LineRequest>();
      for (const r of requests) for (const l of r.lines) if (!firstOfKey.has(stockKeyOf(l))) firstOfKey.set(stockKeyOf(l), l);
      const byKind = new Map<ItemKind, LineRequest[]>();
      for (const l of firstOfKey.values()) byKind.set(l.itemType, [...(byKind.get(l.itemType) ?? []), l]);
      // One round trip for every read: each user's holding (under the user's row lock, so the holding limits are
      // checked inside the leases and the transaction) and each kind's re-read of its stock rows.
      const reads = [...byKind].map(([kind, lines]) => ({ lines, reads: keeperOf(kind).quoteReads(lines.map((l) => ({ ...l, quantity: 1 }))) }));
      const holding = holdReads([...new Set(requests.filter((r) => !r.exempt).map((r) => r.userId))]);
      const rows = await readStatements(trx, [...holding.statements, ...reads.flatMap((r) => r.reads.statements)]);
      const holds = holding.holds(rows.slice(0, holding.statements.length));
      const quotes = new Map<string, Quote | NotFoundError>();
      let at = holding.statements.length;
      for (const { lines, reads: kindReads } of reads) {
        const got = kindReads.quotes(rows.slice(at, at + kindReads.statements.length));
        at += kindReads.statements.length;
        lines.forEach((l, i) => quotes.set(stockKeyOf(l), got[i] ?? new NotFoundError('The item')));
      }

      const left = new Map<string, number | null>();
      const taken = new Map<string, { kind: ItemKind; quote: Quote; quantity: number }>();
      const orders: Order[] = [];
      const records: IdempotencyRecord[] = [];
      const now = new Date();
      const outcomes = requests.map((r): Outcome => {
        const refusal = holdingRefusal(r, holds, limits) ?? allocate(r, quotes, left);
        if (refusal) return { ok: false, error: refusal };
        hold(r, holds);
        const lines = r.lines.map((l) => {
          const quote = quotes.get(stockKeyOf(l)) as Quote;
          const prior = taken.get(stockKeyOf(l));
          taken.set(stockKeyOf(l), { kind: l.itemType, quote, quantity: (prior?.quantity ?? 0) + l.quantity });
          return { ...quote.line, quantity: l.quantity, subtotalCents: quote.line.subtotalCents * l.quantity };
        });
        const order = newOrder(r, lines, now);
        orders.push(order);
        if (r.idem) {
          recorded.push(r.idem);
          records.push(r.idem.record(order));
        }
        return { ok: true, value: order };
      });

      const statements = [...insertOrdersStatements(orders)];
      const answers = insertRecordsStatement(records);
      if (answers) statements.push(answers);
      // Stock rows accepted lines need that do not exist yet come first, so the guarded UPDATEs cover them.
      const creates = new Map<string, Statement>();
      for (const { quote } of taken.values()) if (quote.create) creates.set(`${quote.create.sql}|${JSON.stringify(quote.create.bindings)}`, quote.create);
      statements.push(...creates.values());
      const byKindLines = new Map<ItemKind, OrderLine[]>();
      for (const { kind, quote, quantity } of taken.values()) {
        byKindLines.set(kind, [...(byKindLines.get(kind) ?? []), { ...quote.line, quantity, subtotalCents: quote.line.subtotalCents * quantity }]);
      }
      for (const [kind, lines] of byKindLines) statements.push(...keeperOf(kind).reserveStatements(lines));
      try {
        await runStatements(trx, statements);
      } catch (err) {
        if (isDuplicateKey(err, 'orders_') || isDuplicateRecord(err) || err instanceof RowCountMismatch) {
          throw new BatchConflict((err as Error).message, isDuplicateKey(err, 'orders_order_sn_unique'));
        }
        throw err;
      }
      await faults.at('booking.beforeCommit');
      return outcomes;
    });
    for (const r of recorded) r.committed();
    return outcomes;
  };
}

function stockKeyOf(line: LineRequest): string {
  return keeperOf(line.itemType).stockKey(line);
}

/**
 * Takes the order's stock from what its rows have left, all lines or none, line by line in request order (so when two
 * lines of the order share rows, the same route twice, say, the line that does not fit is the one named); returns
 * the refusal if any line cannot be had.
 */
function allocate(r: BookingRequest, quotes: Map<string, Quote | NotFoundError>, left: Map<string, number | null>): Error | undefined {
  const mine = new Map<string, number | null>();
  const leftOf = (row: string, available: number | null) => (mine.has(row) ? mine.get(row) : left.has(row) ? left.get(row) : available) as number | null;
  for (const [i, l] of r.lines.entries()) {
    const quote = quotes.get(stockKeyOf(l)) as Quote | NotFoundError;
    if (quote instanceof NotFoundError) return r.asPackage ? new AppError('NOT_FOUND', quote.message, { line: i }) : quote;
    const rows = quote.rows ?? [{ row: stockKeyOf(l), available: quote.available }];
    const counts = rows.map(({ row, available }) => leftOf(row, available)).filter((c): c is number => c !== null);
    if (counts.some((c) => c < l.quantity)) {
      return new InsufficientStockError(Math.max(0, Math.min(...counts)), l.quantity, { ...(quote.details ?? {}), ...(r.asPackage ? { line: i } : {}) });
    }
    for (const { row, available } of rows) {
      const c = leftOf(row, available);
      mine.set(row, c === null ? null : c - l.quantity);
    }
  }
  for (const [row, c] of mine) left.set(row, c);
  return undefined;
}
