import type { Knex } from 'knex';
import { bytesToId, idToBytes } from '../db/ids.js';
import { runStatements, type Statement } from '../db/statements.js';
import type { ItemKind, OrderLine } from '../inventory/stock-keeper.js';
import type { OrderStatus } from '../shared/statuses.js';

export type Order = {
  id: string;
  orderSn: string;
  userId: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
  contactName: string;
  contactPhone: string;
  expiresAt: Date;
  createdAt: Date;
  paidAt: Date | null;
  closedAt: Date | null;
  idempotencyKey: string | null;
  requestHash: string | null;
  items: OrderLine[];
};

type OrderRow = {
  id: Buffer;
  order_sn: string;
  user_id: string;
  status: OrderStatus;
  total_cents: number;
  currency: string;
  contact_name: string;
  contact_phone: string;
  idempotency_key: string | null;
  request_hash: string | null;
  expires_at: Date;
  created_at: Date;
  paid_at: Date | null;
  closed_at: Date | null;
};

type ItemRow = {
  order_id: Buffer;
  item_type: ItemKind;
  item_id: number;
  room_type_id: number | null;
  check_in: string | null;
  check_out: string | null;
  visit_date: string | null;
  item_name: string;
  price_cents: number;
  quantity: number;
  nights: number | null;
  subtotal_cents: number;
  status: 'booked' | 'cancelled';
  starts_on: string | null;
  line_no: number;
};


const toLine = (r: ItemRow): OrderLine => ({
  itemType: r.item_type,
  itemId: r.item_id,
  itemName: r.item_name,
  priceCents: r.price_cents,
  quantity: r.quantity,
  subtotalCents: r.subtotal_cents,
  status: r.status,
  ...(r.starts_on !== null ? { startsOn: r.starts_on } : {}),
  ...(r.room_type_id !== null ? { roomTypeId: r.room_type_id } : {}),
  ...(r.check_in !== null ? { checkIn: r.check_in } : {}),
  ...(r.check_out !== null ? { checkOut: r.check_out } : {}),
  ...(r.nights !== null ? { nights: r.nights } : {}),
  ...(r.visit_date !== null ? { visitDate: r.visit_date } : {}),
});

const toOrder = (r: OrderRow, items: OrderLine[]): Order => ({
  id: bytesToId(r.id),
  orderSn: r.order_sn,
  userId: r.user_id,
  status: r.status,
  totalCents: r.total_cents,
  currency: r.currency,
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  expiresAt: r.expires_at,
  createdAt: r.created_at,
  paidAt: r.paid_at,
  closedAt: r.closed_at,
  idempotencyKey: r.idempotency_key,
  requestHash: r.request_hash,
  items,
});

const ORDER_COLUMNS = [
  'id', 'order_sn', 'user_id', 'status', 'total_cents', 'currency', 'contact_name', 'contact_phone',
  'idempotency_key', 'request_hash', 'expires_at', 'created_at', 'updated_at',
] as const;
const ITEM_COLUMNS = [
  'order_id', 'line_no', 'item_type', 'item_id', 'room_type_id', 'check_in', 'check_out', 'visit_date', 'item_name', 'price_cents', 'quantity', 'nights',
  'subtotal_cents', 'status', 'starts_on',
] as const;

/** `INSERT INTO table (columns) VALUES (?, …), (?, …)` for rows of values in column order: one statement, however many rows. */
export function multiRowInsert(table: string, columns: readonly string[], rows: ReadonlyArray<readonly Knex.Value[]>): Statement {
  const row = `(${columns.map(() => '?').join(', ')})`;
  return { sql: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => row).join(', ')}`, bindings: rows.flat() };
}

/** The two statements that insert orders and their lines, however many orders (a batch under its leases). */
export function insertOrdersStatements(orders: readonly Order[]): Statement[] {
  if (orders.length === 0) return [];
  return [
    multiRowInsert(
      'orders',
      ORDER_COLUMNS,
      orders.map((o) => [
        idToBytes(o.id), o.orderSn, o.userId, o.status, o.totalCents, o.currency, o.contactName, o.contactPhone,
        o.idempotencyKey, o.requestHash, o.expiresAt, o.createdAt, o.createdAt,
      ]),
    ),
    multiRowInsert(
      'order_items',
      ITEM_COLUMNS,
      orders.flatMap((o) =>
        o.items.map((l, i) => [
          idToBytes(o.id), i, l.itemType, l.itemId, l.roomTypeId ?? null, l.checkIn ?? null, l.checkOut ?? null, l.visitDate ?? null,
          l.itemName, l.priceCents, l.quantity, l.nights ?? null, l.subtotalCents, 'booked', l.startsOn ?? null,
        ]),
      ),
    ),
  ];
}

export async function insertOrders(trx: Knex.Transaction, orders: readonly Order[]): Promise<void> {
  await runStatements(trx, insertOrdersStatements(orders));
}

async function withItems(db: Knex, rows: OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const items = await db<ItemRow>('order_items').whereIn('order_id', rows.map((r) => r.id)).orderBy('line_no');
  const byOrder = new Map<string, OrderLine[]>();
  for (const it of items) {
    const key = it.order_id.toString('hex');
    const list = byOrder.get(key) ?? [];
    list.push(toLine(it));
    byOrder.set(key, list);
  }
  return rows.map((r) => toOrder(r, byOrder.get(r.id.toString('hex')) ?? []));
}

export async function findOrderBySn(db: Knex, orderSn: string): Promise<Order | undefined> {
  const row = await db<OrderRow>('orders').where({ order_sn: orderSn }).first();
  return row ? (await withItems(db, [row]))[0] : undefined;
}

export async function findOrderByIdempotencyKey(db: Knex, userId: string, key: string): Promise<Order | undefined> {
  const row = await db<OrderRow>('orders').where({ user_id: userId, idempotency_key: key }).first();
  return row ? (await withItems(db, [row]))[0] : undefined;
}

export async function listOrdersForUser(
  db: Knex,
  userId: string,
  { status, limit, cursor }: { status?: OrderStatus; limit: number; cursor?: string },
): Promise<{ orders: Order[]; nextCursor: string | null }> {
  const q = db<OrderRow>('orders').where({ user_id: userId }).orderBy('id', 'desc').limit(limit + 1);
  if (status) q.andWhere({ status });
  if (cursor) q.andWhere('id', '<', Buffer.from(cursor, 'hex'));
  const rows = await q;
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { orders: await withItems(db, page), nextCursor: rows.length > limit && last ? last.id.toString('hex') : null };
}

/** Conditional status change: only from `from`; returns whether this call made it. */
export async function transitionOrder(trx: Knex, orderId: string, from: OrderStatus, to: OrderStatus, at = new Date()): Promise<boolean> {
  const changes: Record<string, unknown> = { status: to, updated_at: at };
  if (to === 'paid') changes['paid_at'] = at;
  else changes['closed_at'] = at;
  const changed = await trx('orders').where({ id: idToBytes(orderId), status: from }).update(changes);
  return changed === 1;
}

/** The order's status, with its row locked until the transaction ends: pay and close serialise on it. */
export async function lockOrderStatus(trx: Knex.Transaction, orderId: string): Promise<OrderStatus | undefined> {
  const row = await trx('orders').where({ id: idToBytes(orderId) }).forUpdate().first<{ status: OrderStatus } | undefined>('status');
  return row?.status;
}

/** A closed (cancelled or expired) order whose money arrived and whose stock was taken again becomes paid. */
export async function reopenAsPaid(trx: Knex.Transaction, orderId: string, at = new Date()): Promise<void> {
  await trx('orders').where({ id: idToBytes(orderId) }).update({ status: 'paid', paid_at: at, closed_at: null, updated_at: at });
}

/** The order's lines as they stand, each line's row locked until the transaction ends: cancellations serialise on them. */
export async function lockLines(trx: Knex.Transaction, orderId: string): Promise<Array<{ lineNo: number; status: 'booked' | 'cancelled' }>> {
  const rows = await trx('order_items').where({ order_id: idToBytes(orderId) }).orderBy('line_no').forUpdate().select<Array<{ line_no: number; status: 'booked' | 'cancelled' }>>('line_no', 'status');
  return rows.map((r) => ({ lineNo: r.line_no, status: r.status }));
}

/** Booked → cancelled for these lines; true only if this call changed every one of them. */
export async function cancelLines(trx: Knex.Transaction, orderId: string, lineNos: readonly number[], at = new Date()): Promise<boolean> {
  const changed = await trx('order_items').where({ order_id: idToBytes(orderId), status: 'booked' }).whereIn('line_no', lineNos).update({ status: 'cancelled', cancelled_at: at });
  return changed === lineNos.length;
}

/** What is left to pay once lines of a pending order are cancelled. */
export async function reduceTotal(trx: Knex.Transaction, orderId: string, byCents: number, at = new Date()): Promise<void> {
  await trx('orders').where({ id: idToBytes(orderId) }).update({ total_cents: trx.raw('total_cents - ?', [byCents]), updated_at: at });
}

/** A paid order whose every line was cancelled is cancelled itself. */
export async function closePaidOrder(trx: Knex.Transaction, orderId: string, at = new Date()): Promise<boolean> {
  return (await trx('orders').where({ id: idToBytes(orderId), status: 'paid' }).update({ status: 'cancelled', closed_at: at, updated_at: at })) === 1;
}

export function isDuplicateKey(err: unknown, indexName: string): boolean {
  const e = err as { errno?: number; sqlMessage?: string; message?: string };
  return e?.errno === 1062 && (e.sqlMessage ?? e.message ?? '').includes(indexName);
}
