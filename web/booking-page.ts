// The booking page. One booking attempt = one Idempotency-Key, reused on every retry of that attempt until the
// service gives a final answer, so a double click, a dropped response or a reload can never book twice.
// This entry wires the parts in modules/ together and starts the page.

import { hasToken, setToken } from './modules/api-client.js';
import { onBook, readAttempt, runAttempt } from './modules/booking.js';
import { fillForm, loadCatalogue, refreshAvailability, setDefaultDates, setMode, showKindFields, updateBookButton, updatePrice } from './modules/booking-form.js';
import { applyLanguage, t } from './modules/messages.js';
import { cancel, cancelChosen, loadOrder, orderAction, orderIsMoving, pay, refreshMyOrders, updateOrderButtons } from './modules/order-panel.js';
import { addLine, renderDraft, restoreDraft } from './modules/package-draft.js';
import { el, load, state, STORE } from './modules/page.js';
import { devSignIn, findToken, showSignIn, signOut, subjectOf } from './modules/sign-in.js';

const POLL_MS = 4000;

async function tick(): Promise<void> {
  if (state.ticking || document.hidden || !hasToken()) return;
  state.ticking = true;
  try {
    await refreshAvailability();
    // An unpaid order may be paid or expire elsewhere; a refund leaves `pending` when the provider answers.
    if (state.order && orderIsMoving() && !state.orderBusy) await loadOrder(state.order.orderSn);
  } finally {
    state.ticking = false;
  }
}

let started = false;

async function enterApp(token: string): Promise<void> {
  setToken(token);
  state.sub = subjectOf(token);
  el.signIn.hidden = true;
  el.app.hidden = false;
  el.who.hidden = false;
  el.who.textContent = t('signedInAs', { name: state.sub ?? '' });
  el.signOut.hidden = false;
  await loadCatalogue();

  const pending = readAttempt();
  state.attempt = pending && pending.sub === state.sub ? pending : null;
  restoreDraft();
  if (state.attempt) fillForm(state.attempt.body);
  else if (state.draft.length > 0) setMode('package');
  showKindFields();
  renderDraft();

  const savedOrder = load(STORE.order);
  if (savedOrder) void loadOrder(savedOrder);
  void refreshMyOrders();
  void refreshAvailability();
  // A reload while a booking was in flight: send the same attempt again; the key makes it book at most once.
  if (state.attempt && !state.inFlight) void runAttempt(state.attempt, true);

  if (!started) {
    started = true;
    setInterval(() => {
      void tick();
    }, POLL_MS);
    document.addEventListener('visibilitychange', () => {
      if (!document.hidden) void tick();
    });
  }
}

function onFormChanged(): void {
  if (state.inFlight) return;
  showKindFields();
  updatePrice();
  updateBookButton();
  void refreshAvailability();
}

function wire(): void {
  el.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void onBook();
  });
  el.form.addEventListener('change', onFormChanged);
  el.form.addEventListener('input', () => {
    updatePrice();
    updateBookButton();
  });
  el.devSignIn.addEventListener('submit', (event) => {
    event.preventDefault();
    void devSignIn(enterApp);
  });
  el.signOut.addEventListener('click', signOut);
  el.pay.addEventListener('click', () => {
    void orderAction(el.pay, pay);
  });
  el.cancel.addEventListener('click', () => {
    void orderAction(el.cancel, cancel);
  });
  el.cancelLines.addEventListener('click', () => {
    void orderAction(el.cancelLines, cancelChosen);
  });
  el.addLine.addEventListener('click', addLine);
  // Ticking a line of the order enables "cancel the chosen items".
  el.orderItems.addEventListener('change', updateOrderButtons);
  setDefaultDates();
}

applyLanguage();
wire();
const initialToken = findToken();
if (initialToken) void enterApp(initialToken);
else showSignIn();
