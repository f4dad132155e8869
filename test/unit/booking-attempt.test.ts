import { expect } from 'chai';
import {
  backoffMs,
  MAX_IN_USE_RETRIES,
  MAX_UNAVAILABLE_RETRIES,
  nextStep,
  sameBooking,
  type AttemptReply,
  type AttemptStep,
} from '../../web/modules/booking-attempt.js';

const network: AttemptReply = { kind: 'network' };
const reply = (status: number, code: string | null = null, more: Partial<Extract<AttemptReply, { kind: 'reply' }>> = {}): AttemptReply => ({
  kind: 'reply',
  status,
  code,
  retryAfterS: null,
  hasOrder: false,
  replayed: false,
  ...more,
});
const order = (status: number, replayed = false) => reply(status, null, { hasOrder: true, replayed });
const inUse = (retryAfterS: number | null = null) => reply(409, 'IDEMPOTENCY_KEY_IN_USE', { retryAfterS });
const lockBusy = (retryAfterS: number | null) => reply(503, 'LOCK_BUSY', { retryAfterS });

/** Feeds the answers one by one, as the page does, until a final step; returns every step taken. */
function run(answers: AttemptReply[], jitter = 0.5): AttemptStep[] {
  const steps: AttemptStep[] = [];
  for (let tries = 0; tries < answers.length; tries += 1) {
    const step = nextStep(answers[tries]!, tries, jitter);
    steps.push(step);
    if (step.next === 'final') break;
  }
  return steps;
}

describe('booking attempt state machine', () => {
  describe('a final answer ends the attempt: the next press is a new booking with a new key', () => {
    it('201 with an order shows the order', () => {
      expect(nextStep(order(201), 0, 0.5)).to.deep.equal({ next: 'final', show: 'order', keepKey: false });
    });
    it('200 replayed shows the order this key already made', () => {
      expect(nextStep(order(200, true), 3, 0.5)).to.deep.equal({ next: 'final', show: 'replayed-order', keepKey: false });
    });
    it('409 INSUFFICIENT_STOCK shows what is left', () => {
      expect(nextStep(reply(409, 'INSUFFICIENT_STOCK'), 0, 0.5)).to.deep.equal({ next: 'final', show: 'insufficient-stock', keepKey: false });
    });
    it('422 VALIDATION_FAILED shows the fields to check', () => {
      expect(nextStep(reply(422, 'VALIDATION_FAILED'), 0, 0.5)).to.deep.equal({ next: 'final', show: 'validation', keepKey: false });
    });
    it('422 IDEMPOTENCY_KEY_MISMATCH says the booking changed while it was sent', () => {
      expect(nextStep(reply(422, 'IDEMPOTENCY_KEY_MISMATCH'), 0, 0.5)).to.deep.equal({ next: 'final', show: 'key-mismatch', keepKey: false });
    });
    it('409 HOLD_LIMIT_REACHED says what the person holds and how to free it', () => {
      expect(nextStep(reply(409, 'HOLD_LIMIT_REACHED'), 0, 0.5)).to.deep.equal({ next: 'final', show: 'hold-limit', keepKey: false });
    });
    it('404 NOT_FOUND, and any other refusal, are final too', () => {
      expect(nextStep(reply(404, 'NOT_FOUND'), 0, 0.5)).to.deep.equal({ next: 'final', show: 'not-found', keepKey: false });
      expect(nextStep(reply(400, 'SOMETHING_NEW'), 0, 0.5)).to.deep.equal({ next: 'final', show: 'refused', keepKey: false });
      expect(nextStep(reply(400, null), 0, 0.5)).to.deep.equal({ next: 'final', show: 'refused', keepKey: false });
      // A code that happens to name an Object.prototype member is still just an unknown refusal.
      expect(nextStep(reply(400, 'constructor'), 0, 0.5)).to.deep.equal({ next: 'final', show: 'refused', keepKey: false });
    });
  });

  describe('an unknown outcome keeps the key, so pressing again cannot book twice', () => {
    it('a network error keeps the key and lets the person press again, whatever the tries so far', () => {
      for (const tries of [0, 4, MAX_IN_USE_RETRIES]) expect(nextStep(network, tries, 0.5)).to.deep.equal({ next: 'final', show: 'network-lost', keepKey: true });
    });
    it('a 500, or a 2xx whose body is not an order, is a failure with the key kept', () => {
      expect(nextStep(reply(500, 'INTERNAL'), 0, 0.5)).to.deep.equal({ next: 'final', show: 'failed', keepKey: true });
      expect(nextStep(reply(201), 0, 0.5)).to.deep.equal({ next: 'final', show: 'failed', keepKey: true });
    });
    it('429 RATE_LIMITED stops (no automatic retry) but keeps the key: the limit refused it before it was stored', () => {
      expect(nextStep(reply(429, 'RATE_LIMITED', { retryAfterS: 30 }), 0, 0.5)).to.deep.equal({ next: 'final', show: 'rate-limited', keepKey: true });
    });
    it('401 asks to sign in again and keeps the attempt', () => {
      expect(nextStep(reply(401, 'UNAUTHENTICATED'), 0, 0.5)).to.deep.equal({ next: 'final', show: 'sign-in', keepKey: true });
    });
  });

  describe('409 IDEMPOTENCY_KEY_IN_USE: the first send is still running, so wait for it with the same key', () => {
    it('retries with exponential backoff from 250 ms, capped at 8 s', () => {
      const waits = [0, 1, 2, 3, 4, 5, 6, 7].map((tries) => {
        const step = nextStep(inUse(), tries, 0.5);
        expect(step.next, `try ${tries}`).to.equal('retry');
        return step.next === 'retry' && step.because === 'in-use' ? step.waitMs : -1;
      });
      expect(waits).to.deep.equal([250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
    });
    it('never retries sooner than Retry-After', () => {
      expect(nextStep(inUse(1), 0, 0.5)).to.deep.equal({ next: 'retry', because: 'in-use', waitMs: 1000 });
      expect(nextStep(inUse(1), 3, 0.5)).to.deep.equal({ next: 'retry', because: 'in-use', waitMs: 2000 });
    });
    it('jitters the wait by up to 20 % either way', () => {
      expect(backoffMs(2, null, 0)).to.equal(800);
      expect(backoffMs(2, null, 0.5)).to.equal(1000);
      expect(backoffMs(2, null, 0.999)).to.be.within(1199, 1200);
    });
    it('gives up after the most retries, keeping the key', () => {
      const steps = run([...Array.from({ length: MAX_IN_USE_RETRIES }, () => inUse(1)), inUse(1), order(200, true)]);
      expect(steps).to.have.length(MAX_IN_USE_RETRIES + 1);
      expect(steps.slice(0, -1).every((s) => s.next === 'retry')).to.equal(true);
      expect(steps.at(-1)).to.deep.equal({ next: 'final', show: 'failed', keepKey: true });
    });
    it('ends with the first result once the first send has finished', () => {
      expect(run([inUse(1), inUse(1), order(200, true)]).map((s) => (s.next === 'final' ? s.show : s.next))).to.deep.equal(['retry', 'retry', 'replayed-order']);
    });
  });

  describe('503: nothing was changed, so the same key is sent again', () => {
    it('LOCK_BUSY waits for Retry-After (plus up to 250 ms), not for an exponential backoff', () => {
      expect(nextStep(lockBusy(2), 0, 0)).to.deep.equal({ next: 'wait-retry-after', waitMs: 2000 });
      expect(nextStep(lockBusy(2), 4, 0.5)).to.deep.equal({ next: 'wait-retry-after', waitMs: 2125 });
    });
    it('LOCK_BUSY without Retry-After waits one second', () => {
      expect(nextStep(lockBusy(null), 0, 0)).to.deep.equal({ next: 'wait-retry-after', waitMs: 1000 });
    });
    it('another 503 (and a 502 or 504) retries with backoff, at least Retry-After when it is given', () => {
      expect(nextStep(reply(503, 'DATABASE_UNAVAILABLE'), 2, 0.5)).to.deep.equal({ next: 'retry', because: 'unavailable', waitMs: 1000 });
      expect(nextStep(reply(503, 'DATABASE_UNAVAILABLE', { retryAfterS: 3 }), 0, 0.5)).to.deep.equal({ next: 'retry', because: 'unavailable', waitMs: 3000 });
      expect(nextStep(reply(502), 0, 0.5)).to.deep.equal({ next: 'retry', because: 'unavailable', waitMs: 250 });
      expect(nextStep(reply(504), 1, 0.5)).to.deep.equal({ next: 'retry', because: 'unavailable', waitMs: 500 });
    });
    it('gives up after the most retries, keeping the key', () => {
      const steps = run([lockBusy(1), lockBusy(1), reply(503), lockBusy(1), reply(502), lockBusy(1), order(201)]);
      expect(steps).to.have.length(MAX_UNAVAILABLE_RETRIES + 1);
      expect(steps.at(-1)).to.deep.equal({ next: 'final', show: 'failed', keepKey: true });
      expect(run([lockBusy(1), reply(503), order(201)]).at(-1)).to.deep.equal({ next: 'final', show: 'order', keepKey: false });
    });
  });

  describe('the same booking', () => {
    it('is the same whatever the order of its fields', () => {
      const body = { itemType: 'hotel', itemId: 3, roomTypeId: 7, checkIn: '2030-01-01', checkOut: '2030-01-03', quantity: 1, contactName: 'Li', contactPhone: '1' };
      const reordered = { contactPhone: '1', quantity: 1, checkOut: '2030-01-03', itemId: 3, contactName: 'Li', roomTypeId: 7, checkIn: '2030-01-01', itemType: 'hotel' };
      expect(sameBooking(body, reordered)).to.equal(true);
      expect(sameBooking(body, { ...reordered, quantity: 2 })).to.equal(false);
      expect(sameBooking(body, { ...reordered, contactName: 'Han' })).to.equal(false);
      expect(sameBooking({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).to.equal(true);
      expect(sameBooking({ a: [1, 2] }, { a: [2, 1] })).to.equal(false);
    });
    it('is a package only with the same lines in the same order: a refusal names a line by its place', () => {
      const route = { itemType: 'route', itemId: 1, quantity: 2 };
      const stay = { itemType: 'hotel', itemId: 3, roomTypeId: 7, checkIn: '2030-01-01', checkOut: '2030-01-03', quantity: 1 };
      const body = { items: [route, stay], contactName: 'Li', contactPhone: '1' };
      expect(sameBooking(body, { contactPhone: '1', contactName: 'Li', items: [{ quantity: 2, itemId: 1, itemType: 'route' }, { ...stay }] })).to.equal(true);
      expect(sameBooking(body, { ...body, items: [stay, route] })).to.equal(false);
      expect(sameBooking(body, { ...body, items: [route] })).to.equal(false);
      expect(sameBooking(body, { ...route, contactName: 'Li', contactPhone: '1' }), 'a package of lines is not its first line alone').to.equal(false);
    });
  });
});
