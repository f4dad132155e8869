// The order panel: the order just booked or chosen from "My orders", its Pay and Cancel buttons, and the list of
// the person's recent orders.

import { api, errorOf, isOrder, isRecord, sleep, type Order, type OrderItem, type OrderStatus, type Reply } from './api-client.js';
import { backoffMs, MAX_UNAVAILABLE_RETRIES } from './booking-attempt.js';
import { refreshAvailability } from './booking-form.js';
import { money, t, when, type MessageKey } from './messages.js';
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

function itemText(item: OrderItem): string {
  const parts = [item.itemName];
  if (item.itemType === 'hotel' && item.checkIn && item.checkOut) parts.push(`${item.checkIn} → ${item.checkOut}${item.nights ? ` (${t('nights', { n: item.nights })})` : ''}`);
  if (item.itemType === 'scenic' && item.visitDate) parts.push(item.visitDate);
  return `${parts.join(' · ')} × ${item.quantity} = ${money(item.subtotalCents)}`;
}

export function showOrder(order: Order, note: MessageKey | null = null): void {
  const previous = state.order?.orderSn;
  // Keep the payments already seen when an answer (e.g. cancel) does not carry them.
  state.order = { ...order, payments: order.payments ?? (previous === order.orderSn ? state.order?.payments : undefined) };
  save(STORE.order, order.orderSn);
  el.order.hidden = false;
  el.orderSn.textContent = order.orderSn;
  el.orderStatus.textContent = statusText(order.status);
  el.orderStatus.className = `status ${order.status}`;
  el.orderStatus.dataset['status'] = order.status;
  el.orderTotal.textContent = money(order.totalCents);
  if (note !== null || previous !== order.orderSn) el.orderNote.textContent = note ? t(note) : '';
  el.orderItems.replaceChildren(...order.items.map((item) => Object.assign(document.createElement('li'), { textContent: itemText(item) })));
  el.orderExpires.textContent = order.status === 'pending' ? t('expiresAt', { time: when(order.expiresAt) }) : '';
  el.orderPayments.replaceChildren(
    ...(state.order.payments ?? []).map((p) =>
      Object.assign(document.createElement('li'), { textContent: `${money(p.amountCents)} · ${p.status in paymentKeys ? t(paymentKeys[p.status] as MessageKey) : p.status}` }),
    ),
  );
  if (previous !== order.orderSn) say(el.orderMessage, '', 'info');
  updateOrderButtons();
}

function updateOrderButtons(): void {
  const pending = state.order?.status === 'pending';
  el.pay.hidden = !pending;
  el.cancel.hidden = !pending;
  el.pay.textContent = t(state.orderBusy && el.pay.dataset['busy'] === '1' ? 'paying' : devMode ? 'payMock' : 'pay');
  el.cancel.textContent = t(state.orderBusy && el.cancel.dataset['busy'] === '1' ? 'cancelling' : 'cancel');
  el.pay.disabled = state.orderBusy;
  el.cancel.disabled = state.orderBusy;
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

function orderRefusal(reply: Reply): void {
  if (reply.kind === 'network') return say(el.orderMessage, t('payNetworkLost'), 'warn');
  if (reply.status === 401) return sessionExpired();
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

export async function cancel(orderSn: string): Promise<void> {
  say(el.orderMessage, t('cancelling'), 'info');
  const reply = await api('POST', `/api/v1/orders/${orderSn}/cancel`);
  if (reply.kind === 'reply' && reply.status === 200 && isOrder(reply.body)) {
    showOrder(reply.body);
    say(el.orderMessage, t('cancelled'), 'ok');
    void refreshAvailability();
    return;
  }
  orderRefusal(reply);
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
