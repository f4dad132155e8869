// The order's lines and refunds as the order panel shows them: each line with its status and, in a package, a box
// to choose it for cancelling while it can still be cancelled; each refund with its status. Text nodes only.

import type { Order, OrderItem, Refund } from './api-client.js';
import { lineLabel, listSeparator, money, t, type MessageKey } from './messages.js';
import { el, state } from './page.js';

const refundKeys: Record<Refund['status'], MessageKey> = { pending: 'refundPending', succeeded: 'refundSucceeded', failed: 'refundFailed' };

/** The service counts days in UTC: a line has started from its first day there. */
const todayUtc = () => new Date().toISOString().slice(0, 10);

export const isBooked = (item: OrderItem): boolean => item.status !== 'cancelled';

/** Whether a paid line can no longer be cancelled: it started, by its date or because the service said so. */
export function hasStarted(order: Order, index: number): boolean {
  const item = order.items[index];
  return Boolean(item?.startsOn && item.startsOn <= todayUtc()) || (state.started.get(order.orderSn)?.has(index) ?? false);
}

/** The lines a cancel can still take: booked ones, and of a paid order only those that have not started. */
export function cancellableLines(order: Order): number[] {
  if (order.status !== 'pending' && order.status !== 'paid') return [];
  return order.items.flatMap((item, i) => (isBooked(item) && !(order.status === 'paid' && hasStarted(order, i)) ? [i] : []));
}

/** The lines ticked for cancelling, as the service numbers them (from 0). */
export function chosenLines(): number[] {
  return [...el.orderItems.querySelectorAll<HTMLInputElement>('input[type="checkbox"]:checked')].map((box) => Number(box.value));
}

function itemText(item: OrderItem): string {
  const parts = [item.itemName];
  if (item.itemType === 'route' && item.startsOn) parts.push(t('departs', { date: item.startsOn }));
  if (item.itemType === 'hotel' && item.checkIn && item.checkOut) parts.push(`${item.checkIn} → ${item.checkOut}${item.nights ? ` (${t('nights', { n: item.nights })})` : ''}`);
  if (item.itemType === 'scenic' && item.visitDate) parts.push(item.visitDate);
  return `${parts.join(' · ')} × ${item.quantity} = ${money(item.subtotalCents)}`;
}

function span(className: string, textContent: string): HTMLSpanElement {
  return Object.assign(document.createElement('span'), { className, textContent });
}

/** Shows every line of the order; ticks survive a refresh of the same order (the panel refreshes while it waits). */
export function renderLines(order: Order, sameOrder: boolean): void {
  const ticked = new Set(sameOrder ? chosenLines() : []);
  const choosable = new Set(order.items.length > 1 ? cancellableLines(order) : []);
  el.orderItems.replaceChildren(
    ...order.items.map((item, i) => {
      const status = item.status ?? 'booked';
      const li = document.createElement('li');
      li.className = `line ${status}`;
      li.dataset['line'] = String(i);
      li.dataset['status'] = status;
      const label = document.createElement('label');
      if (choosable.has(i)) {
        const box = Object.assign(document.createElement('input'), { type: 'checkbox', value: String(i), checked: ticked.has(i) });
        label.append(box);
      }
      label.append(span('line-text', order.items.length > 1 ? t('lineAndText', { line: lineLabel(i, item.itemType), text: itemText(item) }) : itemText(item)));
      li.append(label, span(`status ${status}`, t(status === 'cancelled' ? 'lineCancelled' : 'lineBooked')));
      if (order.status === 'paid' && isBooked(item) && hasStarted(order, i)) {
        const note = span('hint', t('lineStarted', { date: item.startsOn ?? '' }));
        note.dataset['started'] = 'true';
        li.append(note);
      }
      return li;
    }),
  );
}

/** Shows the order's refunds, each with its status; hidden while there are none. */
export function renderRefunds(order: Order): void {
  const refunds = order.refunds ?? [];
  el.orderRefunds.hidden = refunds.length === 0;
  el.orderRefundList.replaceChildren(
    ...refunds.map((r) => {
      const li = document.createElement('li');
      li.dataset['refundId'] = r.refundId;
      li.dataset['status'] = r.status;
      const status = t(refundKeys[r.status] ?? 'refundPending');
      const lines = r.lines.flatMap((n) => {
        const item = order.items[n];
        return item ? [lineLabel(n, item.itemType)] : [];
      });
      const text = order.items.length > 1 && lines.length > 0 ? t('refundOf', { price: money(r.amountCents), lines: lines.join(listSeparator), status }) : t('refundWhole', { price: money(r.amountCents), status });
      li.append(span(`status ${r.status}`, text));
      return li;
    }),
  );
}

/** Refunds of the same order that were pending before and have succeeded now. */
export function refundsArrived(before: Refund[] | undefined, now: Refund[] | undefined): Refund[] {
  const pendingBefore = new Set((before ?? []).filter((r) => r.status === 'pending').map((r) => r.refundId));
  return (now ?? []).filter((r) => r.status === 'succeeded' && pendingBefore.has(r.refundId));
}
