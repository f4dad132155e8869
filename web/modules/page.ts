// What every part of the page shares: its elements, its state, where it keeps an attempt across a reload, and how
// it writes a message.

import type { BookingBody, Hotel, LineBody, Order, Reply, Route, Spot } from './api-client.js';
import { t } from './messages.js';

/** One press of Book and all its retries: the key is replaced only when the form says something else. */
export type Attempt = { sub: string; key: string; body: BookingBody };

function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page is missing #${id}`);
  return found;
}

export const el = {
  who: byId('who', HTMLElement),
  signOut: byId('sign-out', HTMLButtonElement),
  signIn: byId('sign-in', HTMLElement),
  devSignIn: byId('dev-sign-in', HTMLFormElement),
  devSub: byId('dev-sub', HTMLInputElement),
  platformSignIn: byId('platform-sign-in', HTMLElement),
  signInMessage: byId('sign-in-message', HTMLElement),
  app: byId('app', HTMLElement),
  form: byId('booking-form', HTMLFormElement),
  fields: byId('booking-fields', HTMLFieldSetElement),
  routeFields: byId('route-fields', HTMLElement),
  hotelFields: byId('hotel-fields', HTMLElement),
  scenicFields: byId('scenic-fields', HTMLElement),
  routeSelect: byId('route-select', HTMLSelectElement),
  roomTypeSelect: byId('room-type-select', HTMLSelectElement),
  checkIn: byId('check-in', HTMLInputElement),
  checkOut: byId('check-out', HTMLInputElement),
  spotSelect: byId('spot-select', HTMLSelectElement),
  visitDate: byId('visit-date', HTMLInputElement),
  quantity: byId('quantity', HTMLInputElement),
  contactName: byId('contact-name', HTMLInputElement),
  contactPhone: byId('contact-phone', HTMLInputElement),
  packageSection: byId('package', HTMLElement),
  addLine: byId('add-line', HTMLButtonElement),
  linePrice: byId('line-price', HTMLElement),
  packageLines: byId('package-lines', HTMLOListElement),
  packageHint: byId('package-hint', HTMLElement),
  availability: byId('availability', HTMLElement),
  book: byId('book', HTMLButtonElement),
  price: byId('price', HTMLElement),
  message: byId('message', HTMLElement),
  order: byId('order', HTMLElement),
  orderSn: byId('order-sn', HTMLElement),
  orderStatus: byId('order-status', HTMLElement),
  orderTotal: byId('order-total', HTMLElement),
  orderNote: byId('order-note', HTMLElement),
  orderItems: byId('order-items', HTMLUListElement),
  orderExpires: byId('order-expires', HTMLElement),
  orderPayments: byId('order-payments', HTMLUListElement),
  orderRefunds: byId('order-refunds', HTMLElement),
  orderRefundList: byId('order-refund-list', HTMLUListElement),
  pay: byId('pay', HTMLButtonElement),
  cancel: byId('cancel', HTMLButtonElement),
  cancelLines: byId('cancel-lines', HTMLButtonElement),
  orderMessage: byId('order-message', HTMLElement),
  myOrdersList: byId('my-orders-list', HTMLUListElement),
  devSignInButton: byId('dev-sign-in-button', HTMLButtonElement),
};

export const devMode = document.querySelector<HTMLMetaElement>('meta[name="travel-orders-mode"]')?.content !== 'production';

export const state = {
  sub: null as string | null,
  routes: [] as Route[],
  hotels: [] as Hotel[],
  spots: [] as Spot[],
  attempt: null as Attempt | null,
  /** The last try of the attempt ended without a final answer: its outcome is unknown until retried. */
  uncertain: false,
  inFlight: false,
  orderBusy: false,
  order: null as Order | null,
  /** The package being put together, line by line, before it is booked in one request. */
  draft: [] as LineBody[],
  /** The draft's line the last refusal named; cleared when the draft changes. */
  refusedLine: null as number | null,
  /** Lines of the shown order the service said have started (NOT_CANCELLABLE), by order number. */
  started: new Map<string, Set<number>>(),
  available: undefined as number | null | undefined,
  availabilitySeq: 0,
  ticking: false,
};

// ---- storage (sessionStorage can be unavailable; the page then still works without persistence) --------------

export const STORE = { token: 'travel-orders:token', attempt: 'travel-orders:attempt', order: 'travel-orders:order', draft: 'travel-orders:package' } as const;

export function load(key: string, storage: 'session' | 'local' = 'session'): string | null {
  try {
    return (storage === 'session' ? sessionStorage : localStorage).getItem(key);
  } catch {
    return null;
  }
}

export function save(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, value);
  } catch {
    // Private mode or storage full: only the reload protection is lost.
  }
}

// ---- messages ------------------------------------------------------------------------------------------------

type Tone = 'ok' | 'info' | 'warn' | 'error';

export function say(target: HTMLElement, text: string, tone: Tone): void {
  target.textContent = text;
  target.className = `message ${tone}`;
  target.dataset['tone'] = tone;
}

export function withReference(text: string, reply: Reply): string {
  return reply.kind === 'reply' && reply.requestId ? `${text} ${t('reference', { id: reply.requestId })}` : text;
}
