// The order panel: the order just booked or chosen from "My orders", its lines and refunds, its Pay and Cancel
// buttons (the whole order, or a package's chosen lines; a paid line is refunded), and the person's recent orders.

import { api, errorOf, isOrder, isRecord, sleep, type Order, type OrderStatus, type Reply } from './api-client.js';
import { backoffMs, MAX_UNAVAILABLE_RETRIES } from './booking-attempt.js';
import { refreshAvailability } from './booking-form.js';
import { lineLabel, money, t, when, type MessageKey } from './messages.js';
import { cancellableLines, chosenLines, isBooked, refundsArrived, renderLines, renderRefunds } from './order-lines.js';
import { devMode, el, save, say, state, STORE, withReference } from './page.js';
import { sessionExpired } from './sign-in.js';

const statusKeys: Record<OrderStatus, MessageKey> = { pending: 'statusPending', paid: 'statusPaid', cancelled: 'statusCancelled', expired: 'statusExpired' };
const paymentKeys: Record<string, MessageKey> = {
  succeeded: 'paymentSucceeded',
  failed: 'paymentFailed',
  requires_payment: 'paymentRequired',
  refund_required: 'paymentRefund',
  amount_mismatch: 'paymentMismatch',
};

function statusText(status: string): string {
  return status in statusKeys ? t(statusKeys[status as OrderStatus]) : status;
}

export function showOrder(order: Order, note: MessageKey | null = null): void {
  const before = state.order;
  const sameOrder = before?.orderSn === order.orderSn;
  // Keep the payments and refunds already seen when an answer (a booking, a cancel) does not carry them.
  state.order = { ...order, payments: order.payments ?? (sameOrder ? before?.payments : undefined), refunds: order.refunds ?? (sameOrder ? before?.refunds : undefined) };
  save(STORE.order, order.orderSn);
  el.order.hidden = false;
  el.orderSn.textContent = order.orderSn;
  el.orderStatus.textContent = statusText(order.status);
  el.orderStatus.className = `status ${order.status}`;
  el.orderStatus.dataset['status'] = order.status;
  el.orderTotal.textContent = money(order.totalCents);
  if (note !== null || !sameOrder) el.orderNote.textContent = note ? t(note) : '';
  renderLines(state.order, sameOrder);
  el.orderExpires.textContent = order.status === 'pending' ? t('expiresAt', { time: when(order.expiresAt) }) : '';
  el.orderPayments.replaceChildren(
    ...(state.order.payments ?? []).map((p) =>
      Object.assign(document.createElement('li'), { textContent: `${money(p.amountCents)} · ${p.status in paymentKeys ? t(paymentKeys[p.status] as MessageKey) : p.status}` }),
    ),
  );
  renderRefunds(state.order);
  if (!sameOrder) say(el.orderMessage, '', 'info');
  const arrived = sameOrder ? refundsArrived(before?.refunds, state.order.refunds) : [];
  if (arrived.length > 0) say(el.orderMessage, t('refundArrived', { price: money(arrived.reduce((sum, r) => sum + r.amountCents, 0)) }), 'ok');
  updateOrderButtons();
}

/** The order is still moving: unpaid (it may be paid or expire), or a refund is on its way. The page polls it. */
export function orderIsMoving(): boolean {
  return state.order !== null && (state.order.status === 'pending' || (state.order.refunds ?? []).some((r) => r.status === 'pending'));
}

export function updateOrderButtons(): void {
  const order = state.order;
  const pending = order?.status === 'pending';
  const paid = order?.status === 'paid';
  const busy = (button: HTMLButtonElement) => state.orderBusy && button.dataset['busy'] === '1';
  el.pay.hidden = !pending;
  // A paid order's lines are cancelled and refunded before they start: the whole order only while none has started.
  const booked = order ? order.items.filter(isBooked).length : 0;
  el.cancel.hidden = !(pending || (paid && booked > 0 && cancellableLines(order).length === booked));
  el.cancelLines.hidden = !order || order.items.length < 2 || cancellableLines(order).length === 0;
  el.pay.textContent = t(busy(el.pay) ? 'paying' : devMode ? 'payMock' : 'pay');
  el.cancel.textContent = t(busy(el.cancel) ? 'cancelling' : paid ? 'cancelPaid' : 'cancel');
  el.cancelLines.textContent = t(busy(el.cancelLines) ? 'cancelling' : paid ? 'cancelLinesPaid' : 'cancelLines');
  el.pay.disabled = state.orderBusy;
  el.cancel.disabled = state.orderBusy;
  el.cancelLines.disabled = state.orderBusy || chosenLines().length === 0;
}

export async function loadOrder(orderSn: string): Promise<void> {
  const reply = await api('GET', `/api/v1/orders/${encodeURIComponent(orderSn)}`);
  if (reply.kind === 'reply' && reply.status === 200 && isOrder(reply.body)) showOrder(reply.body);
  else if (reply.kind === 'reply' && reply.status === 404) save(STORE.order, null);
  else if (reply.kind === 'reply' && reply.status === 401) sessionExpired();
}

/** Runs one order action with both order buttons disabled, so it cannot be sent twice by a double click. */
export async function orderAction(button: HTMLButtonElement, action: (orderSn: string) => Promise<void>): Promise<void> {
  const orderSn = state.order?.orderSn;
  if (!orderSn || state.orderBusy) return;
  state.orderBusy = true;
  button.dataset['busy'] = '1';
  updateOrderButtons();
  try {
    await action(orderSn);
  } finally {
    state.orderBusy = false;
    delete button.dataset['busy'];
    updateOrderButtons();
    void refreshMyOrders();
  }
}

function orderRefusal(reply: Reply, networkLost: MessageKey = 'payNetworkLost'): void {
  if (reply.kind === 'network') {
    say(el.orderMessage, t(networkLost), 'warn');
    if (state.order) void loadOrder(state.order.orderSn);
    return;
  }
  if (reply.status === 401) return sessionExpired();
  if (reply.status === 429) return say(el.orderMessage, t('rateLimitedAction', { s: Math.max(1, reply.retryAfterS ?? 60) }), 'warn');
  const error = errorOf(reply.body);
  if (error?.code === 'ORDER_NOT_PENDING') {
    const status = typeof error.details['status'] === 'string' ? error.details['status'] : state.order?.status ?? '';
    say(el.orderMessage, t('notPending', { status: statusText(status) }), 'error');
    if (state.order) void loadOrder(state.order.orderSn);
    return;
  }
  say(el.orderMessage, withReference(t('genericError'), reply), 'error');
}

export async function pay(orderSn: string): Promise<void> {
  say(el.orderMessage, t('paying'), 'info');
  // One payment intent per order; the key makes a repeated press replay it.
  const intent = await api('POST', `/api/v1/orders/${orderSn}/pay`, { key: `pay-${orderSn}` });
  if (intent.kind !== 'reply' || (intent.status !== 200 && intent.status !== 201) || !isRecord(intent.body)) return orderRefusal(intent);
  if (!devMode) {
    say(el.orderMessage, t('payProvider', { id: String(intent.body['paymentId'] ?? '') }), 'info');
    return;
  }
  for (let tries = 0; ; tries += 1) {
    const delivered = await api('POST', `/dev/mock-pay/${orderSn}`);
    const code = delivered.kind === 'reply' ? errorOf(delivered.body)?.code : undefined;
    // The provider retries a delivery that is still being processed; so does the mock.
    if ((code === 'CALLBACK_IN_PROGRESS' || (delivered.kind === 'reply' && delivered.status === 503)) && tries < MAX_UNAVAILABLE_RETRIES) {
      await sleep(backoffMs(tries, delivered.kind === 'reply' ? delivered.retryAfterS : null, Math.random()));
      continue;
    }
    if (delivered.kind !== 'reply' || delivered.status !== 200) return orderRefusal(delivered);
    break;
  }
  await loadOrder(orderSn);
  if (state.order?.status === 'paid') say(el.orderMessage, t('paid'), 'ok');
  else say(el.orderMessage, t('notPending', { status: statusText(state.order?.status ?? '') }), 'warn');
}

/** Cancels the whole order (`lines` undefined) or the chosen lines; a paid line's refund is shown as it arrives. */
async function cancelLines(orderSn: string, lines: number[] | undefined): Promise<void> {
  say(el.orderMessage, t('cancelling'), 'info');
  const known = new Set((state.order?.refunds ?? []).map((r) => r.refundId));
  // A repeat changes nothing: lines already cancelled are skipped and refunded at most once.
  const reply = await api('POST', `/api/v1/orders/${orderSn}/cancel`, lines ? { body: { lines } } : {});
  if (reply.kind === 'reply' && reply.status === 200 && isOrder(reply.body)) {
    showOrder(reply.body);
    const made = (reply.body.refunds ?? []).filter((r) => !known.has(r.refundId));
    const price = money(made.reduce((sum, r) => sum + r.amountCents, 0));
    // The provider may have answered already; otherwise the panel polls until each refund leaves `pending`.
    const text = made.length === 0 ? t(lines ? 'cancelledLines' : 'cancelled') : made.every((r) => r.status === 'succeeded') ? t('refundArrived', { price }) : t('cancelledRefund', { price });
    say(el.orderMessage, text, 'ok');
    void refreshAvailability();
    return;
  }
  const error = reply.kind === 'reply' ? errorOf(reply.body) : null;
  const line = error?.details['line'];
  const item = typeof line === 'number' ? state.order?.items[line] : undefined;
  if (error?.code === 'NOT_CANCELLABLE' && typeof line === 'number' && item && state.order?.orderSn === orderSn) {
    // The service's calendar decides: mark the line as started whatever this browser's clock says.
    const startsOn = typeof error.details['startsOn'] === 'string' ? error.details['startsOn'] : item.startsOn ?? '';
    state.started.set(orderSn, (state.started.get(orderSn) ?? new Set()).add(line));
    showOrder(state.order);
    say(el.orderMessage, t('notCancellable', { line: lineLabel(line, item.itemType), date: startsOn }), 'error');
    return;
  }
  orderRefusal(reply, 'cancelNetworkLost');
}

export function cancel(orderSn: string): Promise<void> {
  return cancelLines(orderSn, undefined);
}

export async function cancelChosen(orderSn: string): Promise<void> {
  const lines = chosenLines();
  if (lines.length === 0) return say(el.orderMessage, t('chooseLines'), 'warn');
  return cancelLines(orderSn, lines);
}

export async function refreshMyOrders(): Promise<void> {
  const reply = await api('GET', '/api/v1/orders?limit=10');
  if (reply.kind !== 'reply' || reply.status !== 200 || !isRecord(reply.body) || !Array.isArray(reply.body['orders'])) return;
  const orders = (reply.body['orders'] as unknown[]).filter(isOrder);
  if (orders.length === 0) {
    el.myOrdersList.replaceChildren(Object.assign(document.createElement('li'), { textContent: t('noOrders'), className: 'hint' }));
    return;
  }
  el.myOrdersList.replaceChildren(
    ...orders.map((o) => {
      const li = document.createElement('li');
      li.dataset['orderSn'] = o.orderSn;
      const sn = Object.assign(document.createElement('span'), { className: 'mono', textContent: o.orderSn });
      const status = Object.assign(document.createElement('span'), { className: `status ${o.status}`, textContent: statusText(o.status) });
      const total = Object.assign(document.createElement('span'), { textContent: `${o.items.map((i) => i.itemName).join(', ')} · ${money(o.totalCents)}` });
      const view = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', textContent: t('view') });
      view.addEventListener('click', () => {
        void loadOrder(o.orderSn);
      });
      li.append(sn, status, total, view);
      return li;
    }),
  );
}
