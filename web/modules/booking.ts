// Pressing Book: one attempt, one Idempotency-Key, kept in sessionStorage before it is sent and reused on every
// retry until the service gives a final answer, so a double click, a dropped response or a reload can never book
// twice. The booking-attempt state machine decides each step; this module sends, waits and shows.

import { api, errorOf, isOrder, isPackage, isRecord, sleep, type ApiError, type BookingBody, type ItemType, type Order, type Reply } from './api-client.js';
import { nextStep, type AttemptReply, type FinalShow } from './booking-attempt.js';
import { attemptMatchesForm, currentBody, lineProblems, loadCatalogue, refreshAvailability, setInFlight, showAvailability } from './booking-form.js';
import { countOf, lineLabel, listSeparator, t, when, type MessageKey } from './messages.js';
import { refreshMyOrders, showOrder } from './order-panel.js';
import { clearDraft, markRefusedLine, renderDraft } from './package-draft.js';
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

const kindOf = (body: BookingBody, line: number): ItemType | undefined => (isPackage(body) ? body.items[line]?.itemType : body.itemType);

/**
 * The fields a 422 names, as sentences: the contact's fields (and a single booking's) in one, and a package's
 * `body.items[<i>].<field>` paths grouped by the line they belong to, each line named ("Line 2 (the hotel stay)").
 */
function invalidText(details: Record<string, unknown>, body: BookingBody): string {
  const fields = Array.isArray(details['fields']) ? details['fields'] : [];
  const general = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  for (const f of fields) {
    const path = isRecord(f) && typeof f['path'] === 'string' ? f['path'] : '';
    const match = /^body\.items\[(\d+)\]\.(\w+)/.exec(path);
    const line = match ? Number(match[1]) : null;
    const name = match ? (match[2] ?? '') : path.replace(/^body\./, '');
    const kind = kindOf(body, line ?? 0);
    const key = fieldLabels[name] ?? (name === 'itemId' && kind ? kindLabel(kind) : 'someField');
    if (line === null || !kind) general.add(t(key));
    else byLine.set(line, (byLine.get(line) ?? new Set()).add(t(key)));
  }
  const sentences = [...byLine].sort(([a], [b]) => a - b).map(([line, names]) => t('lineInvalid', { line: lineLabel(line, kindOf(body, line) as ItemType), fields: [...names].join(listSeparator) }));
  if (general.size > 0 || sentences.length === 0) sentences.unshift(t('invalid', { fields: [...general].join(listSeparator) || t('someField') }));
  return sentences.join(' ');
}

function localProblems(body: BookingBody): string[] {
  const missing: MessageKey[] = [];
  if (!body.contactName) missing.push('contactName');
  if (!body.contactPhone) missing.push('contactPhone');
  const lines = isPackage(body) ? body.items : [body];
  const problems = lines.flatMap((line, i) => lineProblems(line).map((k) => (isPackage(body) ? t('lineAndText', { line: lineLabel(i, line.itemType), text: t(k) }) : t(k))));
  return [...problems, ...missing.map((k) => t(k))];
}

export async function onBook(): Promise<void> {
  if (state.inFlight || !state.sub) return;
  const body = currentBody();
  if (!body) return say(el.message, t('nothingToBook'), 'error');
  const problems = localProblems(body);
  if (isPackage(body)) markRefusedLine(null);
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
      if (step.next === 'final') return settle(step.show, step.keepKey, reply, error, order, attempt.body);
      if (step.next === 'wait-retry-after') say(el.message, t('busyRetrying', { s: seconds(step.waitMs) }), 'warn');
      else if (step.because === 'in-use') say(el.message, t('stillProcessing'), 'info');
      else say(el.message, t('unavailableRetrying', { s: seconds(step.waitMs) }), 'warn');
      await sleep(step.waitMs);
    }
  } finally {
    setInFlight(false);
  }
}

function settle(show: FinalShow, keepKey: boolean, reply: Reply, error: ApiError | null, order: Order | null, body: BookingBody): void {
  if (show === 'sign-in') return sessionExpired();
  if (show === 'rate-limited') {
    // Nothing was booked and the key is not spent: after the wait, the same press carries the same key.
    state.uncertain = true;
    say(el.message, t('rateLimited', { s: reply.kind === 'reply' && reply.retryAfterS !== null ? Math.max(1, reply.retryAfterS) : 60 }), 'warn');
    return;
  }
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
    // The package's lines are now the order's; what the form keeps for the next package starts empty.
    if (isPackage(body)) clearDraft();
    say(el.message, t(replayed ? 'replayed' : isPackage(body) ? 'bookedPackage' : 'booked', { time: when(order.expiresAt) }), 'ok');
    void refreshMyOrders();
    void refreshAvailability();
    return;
  }
  showRefusal(show, error, reply, body);
}

/** The package's line a refusal names (`details.line`), if it is one of the body's lines. */
function refusedLine(error: ApiError | null, body: BookingBody): number | null {
  const line = error?.details['line'];
  return isPackage(body) && typeof line === 'number' && Number.isInteger(line) && body.items[line] ? line : null;
}

/** What one person may hold unpaid, and how to free it: in the person's words, from the refusal's details. */
function holdLimitText(error: ApiError | null, line: string | undefined): string {
  const d = error?.details ?? {};
  const num = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : 0);
  const limit = num('limit');
  const held = num('held');
  let text: string;
  if (d['of'] === 'orders') text = t('holdLimitOrders', { n: held, limit });
  else {
    const item = typeof d['item'] === 'string' ? d['item'].split(':')[0] : undefined;
    const kind: ItemType = item === 'hotel' || item === 'scenic' ? item : 'route';
    const left = Math.max(0, limit - held);
    text = t(left > 0 ? 'holdLimitUnits' : 'holdLimitUnitsNone', { limit: countOf(kind, limit), held: countOf(kind, held), left: countOf(kind, left) });
  }
  return line ? t('lineAndText', { line, text }) : text;
}

function showRefusal(show: FinalShow, error: ApiError | null, reply: Reply, body: BookingBody): void {
  const line = refusedLine(error, body);
  const kind = line === null ? undefined : kindOf(body, line);
  if (line !== null) markRefusedLine(line);
  switch (show) {
    case 'insufficient-stock': {
      const available = typeof error?.details['available'] === 'number' ? error.details['available'] : 0;
      if (line !== null && kind) {
        const named = lineLabel(line, kind);
        say(el.message, available > 0 ? t('lineInsufficient', { line: named, left: countOf(kind, available) }) : t('lineSoldOut', { line: named }), 'error');
      } else {
        say(el.message, available > 0 ? t('insufficient', { n: available }) : t('soldOutMessage'), 'error');
        // A single booking's refusal is about the item the form shows; a package's may be about another line.
        if (available === 0 && !isPackage(body)) showAvailability(0, t('soldOut'));
      }
      void refreshAvailability();
      return;
    }
    case 'validation':
      return say(el.message, invalidText(error?.details ?? {}, body), 'error');
    case 'not-found':
      say(el.message, line !== null && kind ? t('lineNotFound', { line: lineLabel(line, kind) }) : t('notFound'), 'error');
      void loadCatalogue().then(() => {
        if (isPackage(body)) renderDraft();
        return refreshAvailability();
      });
      return;
    case 'key-mismatch':
      return say(el.message, t('keyMismatch'), 'error');
    case 'hold-limit':
      return say(el.message, holdLimitText(error, line === null ? undefined : lineLabel(line, kind as ItemType)), 'error');
    default:
      return say(el.message, withReference(t('genericError'), reply), 'error');
  }
}
