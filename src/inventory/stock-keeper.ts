import type { Knex } from 'knex';
import type { z } from 'zod';
import { RowCountMismatch, runStatements, type Statement } from '../db/statements.js';
import { InsufficientStockError, type NotFoundError } from '../errors.js';
import type { FieldProblem } from '../shared/calendar.js';
import { LIVE_ORDER_STATUSES } from '../shared/statuses.js';

/** Every kind of item the service sells; each has exactly one keeper in `keepers.ts`. */
export const ITEM_KINDS = ['route', 'hotel', 'scenic'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** A line as the client asks for it: the kind's own fields (a stay, a visit day) beside the common three. */
export type LineRequest = {
  itemType: ItemKind;
  itemId: number;
  quantity: number;
  roomTypeId?: number;
  checkIn?: string;
  checkOut?: string;
  visitDate?: string;
};

/** One booked line, as stored in order_items; enough to release its stock later. */
export type OrderLine = {
  itemType: ItemKind;
  itemId: number;
  itemName: string;
  priceCents: number;
  quantity: number;
  subtotalCents: number;
  roomTypeId?: number;
  checkIn?: string;
  checkOut?: string;
  nights?: number;
  visitDate?: string;
  /** When the line starts (a route's departure, a stay's check-in, a visit's day): a paid line is refundable before it. */
  startsOn?: string;
  /** A cancelled line no longer holds its stock (set once stored). */
  status?: 'booked' | 'cancelled';
};

/** An item re-read for a request: its line (priced for the request's quantity) and what is left (null: unlimited). */
export type { Statement } from '../db/statements.js';

/**
 * An item re-read for a request: its line (priced for the request's quantity), what is left (null: unlimited), and
 * the stock rows it takes, each with what it has left, so a batch can share a row exactly between requests (two
 * overlapping hotel stays share their common nights). Without `rows`, the request takes one row: its stock key.
 */
export type Quote = {
  line: OrderLine;
  available: number | null;
  rows?: ReadonlyArray<{ row: string; available: number | null }>;
  details?: Record<string, unknown>;
  /**
   * The stock rows the request needs that do not exist yet (a night, a day never sold), made only when the request is
   * accepted: sent with the batch's writes, before its guarded UPDATEs, so those cover every row.
   */
  create?: Statement;
};

/** One stock row whose count disagrees with the live orders (pending or paid) that hold it, or breaks its bounds. */
export type Drift = {
  /** The keeper that owns the row. */
  itemType: ItemKind;
  kind: 'route' | 'room_night' | 'scenic_day';
  itemId: number;
  date: string | null;
  sold: number;
  live: number;
  capacity: number | null;
};

export type Repair = { drift: Drift; repaired: boolean; reason?: string };

/**
 * The only code that changes one kind of stock, and the only code that knows its tables. A new kind of item means
 * one new keeper (plus its migration). Every change is a guarded UPDATE whose affected rows are checked: the row is
 * the truth, the lease an optimisation.
 */
/** A kind's re-read of a batch: statements to send, and the reader of their rows (one array per statement, in order). */
export type QuoteReads = { statements: Statement[]; quotes(rows: readonly unknown[][]): Array<Quote | NotFoundError> };

export interface StockKeeper<R extends LineRequest = LineRequest> {
  readonly kind: R['itemType'];
  /** Request fields of a line of this kind beyond itemType, itemId and quantity; validated and documented from here. */
  readonly requestFields: z.ZodRawShape;
  /** Problems a schema cannot see: dates outside the bookable window, a stay of the wrong length. */
  check(req: R, now?: number): FieldProblem[];
  /** The lease that serialises changes to this item across replicas. */
  lockKey(item: { itemId: number }): string;
  /** Requests with the same stock key change the same stock rows, so a batch can take them with one UPDATE. */
  stockKey(req: R): string;
  /**
   * Re-reads many requests of this kind at once, for a batch: the statements (one per table, whatever the number of
   * requests, none depending on another's answer, so a batch sends them with its other reads in one round trip) and
   * how their rows become one quote per request. Refuses nothing for want of stock: each quote says what is left. An
   * item that does not exist is a NotFoundError.
   */
  quoteReads(reqs: readonly R[]): QuoteReads;
  /** Takes the line's stock; throws INSUFFICIENT_STOCK if the guard refuses. */
  reserve(trx: Knex.Transaction, line: OrderLine): Promise<void>;
  /**
   * The guarded UPDATEs that take the stock of many lines, each line on stock rows of its own (one statement for them
   * all where the kind allows), each with the rows it must change. A batch sends them with its INSERTs in one round
   * trip and checks every count; `reserve` runs them for one line.
   */
  reserveStatements(lines: readonly OrderLine[]): Statement[];
  /** Gives the line's stock back; throws if the stock is not there to give back (drift). */
  release(trx: Knex.Transaction, line: OrderLine): Promise<void>;
  /** Every stock row of this kind whose sold count differs from its live orders or leaves [0, capacity]. */
  audit(db: Knex): Promise<Drift[]>;
  /** How many stock rows of this kind lie outside [0, capacity]: sold over capacity is an oversell. */
  countOutOfBounds(db: Knex): Promise<number>;
  /** The lease a drifted row of this kind is repaired under. */
  lockKeyOfDrift(db: Knex, drift: Drift): Promise<string>;
  /** Sets one drifted row to what its live orders hold, re-measured inside the transaction. */
  repair(trx: Knex.Transaction, drift: Drift): Promise<Repair>;
  /** Capacity changes of the catalogue: the item's lease, the check against what is sold, and the stock rows. */
  readonly capacity: CapacityKeeper;
}

/** The catalogue entity whose capacity a kind keeps: a route's group size, a room type's rooms, a spot's daily quota. */
export interface CapacityKeeper {
  /** The lease of the item the entity belongs to; NOT_FOUND if there is no such entity. */
  lockKey(db: Knex, entityId: number): Promise<string>;
  /** Refuses with CAPACITY_BELOW_SOLD when the new capacity is below what is sold; else applies it to the stock rows. */
  change(trx: Knex.Transaction, entityId: number, capacity: number | null): Promise<void>;
}

/** Takes one line's stock with its keeper's guarded UPDATE; INSUFFICIENT_STOCK with what is left if the guard refuses. */
export async function reserveOne(
  keeper: Pick<StockKeeper, 'reserveStatements'>,
  trx: Knex.Transaction,
  line: OrderLine,
  left: () => Promise<{ available: number; details?: Record<string, unknown> }>,
): Promise<void> {
  try {
    await runStatements(trx, keeper.reserveStatements([line]));
  } catch (err) {
    if (!(err instanceof RowCountMismatch)) throw err;
    const { available, details } = await left();
    throw new InsufficientStockError(available, line.quantity, details);
  }
}

/** `?, ?, ?` for n values. */
export const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');


export { isCheckViolation } from '../db/statements.js';

/** A line that holds stock, as SQL over `o` (orders) and `oi` (order_items): a live order's line not cancelled. Written once. */
export const LIVE_LINE_SQL = `o.status IN (${LIVE_ORDER_STATUSES.map((s) => `'${s}'`).join(', ')}) AND oi.status = 'booked'`;

/** The units live orders hold on the lines `where` selects (it may use `oi.` columns); for audits and repairs. */
export function liveUnitsSql(where: string): string {
  return `SELECT COALESCE(SUM(oi.quantity), 0) AS live FROM order_items oi JOIN orders o ON o.id = oi.order_id WHERE ${where} AND ${LIVE_LINE_SQL}`;
}

/** The same, for a transaction that must keep those lines from changing while it repairs their stock row. */
export function liveUnitsLockedSql(where: string): string {
  return `${liveUnitsSql(where)} LOCK IN SHARE MODE`;
}

/** A row is drifted when its count differs from its live orders, or leaves [0, capacity]. */
export function isDrifted(r: { sold: number; live: number; capacity: number | null }): boolean {
  return Number(r.sold) !== Number(r.live) || r.sold < 0 || (r.capacity !== null && r.sold > r.capacity);
}

export class StockDriftError extends Error {
  override readonly name = 'StockDriftError';
}
