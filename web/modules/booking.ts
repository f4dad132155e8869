// Pressing Book: one attempt, one Idempotency-Key, kept in sessionStorage before it is sent and reused on every
// retry until the service gives a final answer, so a double click, a dropped response or a reload can never book
// twice. The booking-attempt state machine decides each step; this module sends, waits and shows.

import { api, errorOf, isOrder, isRecord, sleep, type ApiError, type BookingBody, type ItemType, type Order, type Reply } from './api-client.js';
import { nextStep, type AttemptReply, type FinalShow } from './booking-attempt.js';
import { attemptMatchesForm, currentBody, loadCatalogue, refreshAvailability, selectedKind, setInFlight, showAvailability } from './booking-form.js';
import { listSeparator, t, when, type MessageKey } from './messages.js';
import { refreshMyOrders, showOrder } from './order-panel.js';
import { el, load, save, say, state, STORE, withReference, type Attempt } from './page.js';
import { sessionExpired } from './sign-in.js';

/** crypto.randomUUID needs a secure context; a page opened over plain http on a LAN address still gets a v4 UUID. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The attempt left in this tab by a reload while it was in flight, or by an answer that left its outcome unknown. */
export function readAttempt(): Attempt | null {
  const raw = load(STORE.attempt);
  if (!raw) return null;
  try {
    const parsed: unknown = JSON.parse(raw);
    if (isRecord(parsed) && typeof parsed['sub'] === 'string' && typeof parsed['key'] === 'string' && isRecord(parsed['body'])) return parsed as Attempt;
  } catch {
    // A damaged entry is dropped below.
  }
  save(STORE.attempt, null);
  return null;
}

function setAttempt(attempt: Attempt | null): void {
  state.attempt = attempt;
  state.uncertain = attempt !== null && state.uncertain;
  save(STORE.attempt, attempt ? JSON.stringify(attempt) : null);
}

const fieldLabels: Record<string, MessageKey> = {
  quantity: 'quantity',
  contactName: 'contactName',
  contactPhone: 'contactPhone',
  checkIn: 'checkIn',
  checkOut: 'checkOut',
  visitDate: 'visitDate',
  roomTypeId: 'roomType',
};

function kindLabel(kind: ItemType): MessageKey {
  return kind === 'route' ? 'route' : kind === 'hotel' ? 'roomType' : 'spot';
}

function fieldNames(details: Record<string, unknown>): string {
  const fields = Array.isArray(details['fields']) ? details['fields'] : [];
  const names = new Set<string>();
  for (const f of fields) {
    const path = isRecord(f) && typeof f['path'] === 'string' ? f['path'] : '';
    const key = fieldLabels[path] ?? (path === 'itemId' ? kindLabel(selectedKind()) : 'someField');
    names.add(t(key));
  }
  return [...names].join(listSeparator) || t('someField');
}

function localProblems(body: BookingBody): string[] {
  const missing: MessageKey[] = [];
  if (!Number.isInteger(body.quantity) || body.quantity < 1 || body.quantity > 100) missing.push('quantity');
  if (!body.contactName) missing.push('contactName');
  if (!body.contactPhone) missing.push('contactPhone');
  if (body.itemType === 'hotel' && !body.checkIn) missing.push('checkIn');
  if (body.itemType === 'hotel' && !body.checkOut) missing.push('checkOut');
  if (body.itemType === 'scenic' && !body.visitDate) missing.push('visitDate');
  return missing.map((k) => t(k));
}

export async function onBook(): Promise<void> {
  if (state.inFlight || !state.sub) return;
  const body = currentBody();
  if (!body) return say(el.message, t('nothingToBook'), 'error');
  const problems = localProblems(body);
  if (problems.length > 0) return say(el.message, t('invalid', { fields: problems.join(listSeparator) }), 'error');
  // Same form, same attempt: the retry carries the same key and the service answers with the first result.
  if (!attemptMatchesForm()) {
    state.uncertain = false;
    setAttempt({ sub: state.sub, key: newKey(), body });
  }
  await runAttempt(state.attempt as Attempt, false);
}

const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

/** Sends the attempt until the service gives a final answer; keeps the key whenever the outcome is unknown. */
export async function runAttempt(attempt: Attempt, resumed: boolean): Promise<void> {
  setInFlight(true);
  say(el.message, t(resumed ? 'resuming' : 'booking'), 'info');
  try {
    for (let tries = 0; ; tries += 1) {
      const reply = await api('POST', '/api/v1/orders', { body: attempt.body, key: attempt.key });
      const error = reply.kind === 'reply' ? errorOf(reply.body) : null;
      const order = reply.kind === 'reply' && isOrder(reply.body) ? reply.body : null;
      const answer: AttemptReply =
        reply.kind === 'network'
          ? reply
          : { kind: 'reply', status: reply.status, code: error?.code ?? null, retryAfterS: reply.retryAfterS, hasOrder: order !== null, replayed: reply.replayed };
      const step = nextStep(answer, tries, Math.random());
      if (step.next === 'final') return settle(step.show, step.keepKey, reply, error, order);
      if (step.next === 'wait-retry-after') say(el.message, t('busyRetrying', { s: seconds(step.waitMs) }), 'warn');
      else if (step.because === 'in-use') say(el.message, t('stillProcessing'), 'info');
      else say(el.message, t('unavailableRetrying', { s: seconds(step.waitMs) }), 'warn');
      await sleep(step.waitMs);
    }
  } finally {
    setInFlight(false);
  }
}

function settle(show: FinalShow, keepKey: boolean, reply: Reply, error: ApiError | null, order: Order | null): void {
  if (show === 'sign-in') return sessionExpired();
  if (keepKey) {
    // The outcome is unknown: the key stays, so pressing again gets whatever the first send did, never a second order.
    state.uncertain = true;
    say(el.message, withReference(t(show === 'network-lost' ? 'networkLost' : 'failedRetryable'), reply), 'warn');
    return;
  }
  // A final answer is stored against the key; the next press must be a new attempt with a new key.
  setAttempt(null);
  state.uncertain = false;
  if (order && (show === 'order' || show === 'replayed-order')) {
    const replayed = show === 'replayed-order';
    showOrder(order, replayed ? 'replayed' : null);
    say(el.message, t(replayed ? 'replayed' : 'booked', { time: when(order.expiresAt) }), 'ok');
    void refreshMyOrders();
    void refreshAvailability();
    return;
  }
  showRefusal(show, error, reply);
}

function showRefusal(show: FinalShow, error: ApiError | null, reply: Reply): void {
  switch (show) {
    case 'insufficient-stock': {
      const available = typeof error?.details['available'] === 'number' ? error.details['available'] : 0;
      say(el.message, available > 0 ? t('insufficient', { n: available }) : t('soldOutMessage'), 'error');
      if (available === 0) showAvailability(0, t('soldOut'));
      void refreshAvailability();
      return;
    }
    case 'validation':
      return say(el.message, t('invalid', { fields: fieldNames(error?.details ?? {}) }), 'error');
    case 'not-found':
      say(el.message, t('notFound'), 'error');
      void loadCatalogue().then(refreshAvailability);
      return;
    case 'key-mismatch':
      return say(el.message, t('keyMismatch'), 'error');
    default:
      return say(el.message, withReference(t('genericError'), reply), 'error');
  }
}
