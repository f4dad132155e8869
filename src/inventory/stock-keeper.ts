import type { Knex } from 'knex';

export type ItemKind = 'route' | 'hotel' | 'scenic';

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
};

export type Quote = { line: OrderLine; available: number | null };

/**
 * The only code that changes one kind of stock. A new kind of item means one new keeper.
 * Every change is a guarded UPDATE whose affected rows are checked: the row is the truth, the lease an optimisation.
 */
export interface StockKeeper<R> {
  readonly kind: ItemKind;
  /** The lease that serialises changes to this item across replicas. */
  lockKey(item: { itemId: number }): string;
  /** Requests with the same stock key change the same stock rows, so a batch can take them with one UPDATE. */
  stockKey(req: R): string;
  /**
   * Re-reads the item and its stock under the lease; prices come from here. Throws NOT_FOUND or INSUFFICIENT_STOCK.
   * `available` is what is left before this request (null: unlimited).
   */
  quote(trx: Knex.Transaction, req: R): Promise<Quote>;
  /** Takes the line's stock; throws INSUFFICIENT_STOCK if the guard refuses. */
  reserve(trx: Knex.Transaction, line: OrderLine): Promise<void>;
  /** Gives the line's stock back; throws if the stock is not there to give back (drift). */
  release(trx: Knex.Transaction, line: OrderLine): Promise<void>;
}

/** MariaDB reports a violated CHECK constraint as errno 4025 (mysql2 names it after an unrelated MySQL error). */
export const CHECK_VIOLATION_ERRNO = 4025;

export function isCheckViolation(err: unknown): boolean {
  return (err as { errno?: number })?.errno === CHECK_VIOLATION_ERRNO || (err as { errno?: number })?.errno === 3819;
}

export class StockDriftError extends Error {
  override readonly name = 'StockDriftError';
}
