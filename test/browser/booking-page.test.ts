import { access, copyFile, mkdir } from 'node:fs/promises';
import { expect } from 'chai';
import { chromium, type Browser, type Page } from 'playwright-core';
import { call, catalogue, expectStockMatchesOrders, futureDate, newUser, startApp, tokenFor, useApp, type TestApp } from '../support/harness.js';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

type Opened = { page: Page; sub: string; problems: string[] };

describe('booking page in a real browser (Chromium, real MySQL and Redis)', () => {
  const app = useApp();
  let browser: Browser;
  const opened: Opened[] = [];

  before(async () => {
    // Plain launch: every context below is a fresh, throw-away profile.
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
  });
  afterEach(() => {
    // A CSP violation or an uncaught error in any page is a failure, whatever the test asserted.
    const problems = opened.splice(0).flatMap((o) => o.problems);
    expect(problems, 'page errors and CSP violations').to.deep.equal([]);
  });

  /** A new browser profile, signed in through the development sign-in form. */
  async function openPage(lang: 'en' | 'zh' = 'en', sub = newUser('browser'), base = app.url): Promise<Opened> {
    const context = await browser.newContext({ viewport: { width: 900, height: 1100 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
    });
    await page.goto(`${base}/?lang=${lang}`);
    await page.fill('#dev-sub', sub);
    await page.click('#dev-sign-in-button');
    await page.locator('#app').waitFor({ state: 'visible' });
    const result = { page, sub, problems };
    opened.push(result);
    return result;
  }

  async function chooseRoute(page: Page, routeId: number, expectAvailable: number): Promise<void> {
    await page.check('input[name="itemType"][value="route"]');
    await page.selectOption('#route-select', String(routeId));
    await page.locator(`#availability[data-available="${expectAvailable}"]`).waitFor();
    await fillContact(page);
  }

  async function fillContact(page: Page): Promise<void> {
    await page.fill('#contact-name', 'Li Lei');
    await page.fill('#contact-phone', '+86 138 0000 0000');
  }

  async function ordersOf(sub: string, base = app.url): Promise<Array<{ orderSn: string; status: string; items: Array<{ itemId: number }> }>> {
    const res = await call(base, 'GET', '/api/v1/orders?limit=100', { token: await tokenFor(sub) });
    expect(res.status).to.equal(200);
    return res.body.orders;
  }

  async function slotsLeft(routeId: number): Promise<number> {
    return (await call(app.url, 'GET', `/api/v1/routes/${routeId}`)).body.availableSlots;
  }

  /** Every POST /api/v1/orders the page sends, with the Idempotency-Key it carried. */
  function recordBookings(page: Page): string[] {
    const keys: string[] = [];
    page.on('request', (req) => {
      if (req.method() === 'POST' && new URL(req.url()).pathname === '/api/v1/orders') keys.push(req.headers()['idempotency-key'] ?? '(none)');
    });
    return keys;
  }

  it('serves the page, its stylesheet and its one script with a strict CSP and no-cache', async () => {
    for (const [path, type] of [['/', 'text/html'], ['/styles.css', 'text/css'], ['/booking-page.js', 'text/javascript']] as const) {
      const res = await call(app.url, 'GET', path);
      expect(res.status, path).to.equal(200);
      expect(res.headers.get('content-type'), path).to.match(new RegExp(`^${type}; charset=utf-8`));
      expect(res.headers.get('cache-control'), path).to.equal('no-cache');
      expect(res.headers.get('content-security-policy'), path).to.match(/^default-src 'self'/);
      // fetch adds `Cache-Control: no-cache` (which forbids a 304) to a conditional request unless one is given.
      const revalidated = await call(app.url, 'GET', path, { headers: { 'If-None-Match': res.headers.get('etag') ?? '', 'Cache-Control': 'max-age=0' } });
      expect(revalidated.status, `${path} revalidation`).to.equal(304);
    }
    const html = (await call(app.url, 'GET', '/')).text;
    expect(html).to.include('<meta name="travel-orders-mode" content="development">');
    expect(html, 'no inline script or style').to.not.match(/<script>|<style|style="/);
  });

  it('books once on a double click: the button is disabled while the request is in flight', async () => {
    const route = await app.cat.aRoute({ groupSize: 5, priceCents: 3999_00, name: 'Guilin and Yangshuo, 5 days' });
    // A readable name for the screenshot; every run has a database and a Redis namespace of its own.
    const { page, sub } = await openPage('en', 'alice');
    await chooseRoute(page, route.id, 5);
    const keys = recordBookings(page);
    // Hold the booking inside its transaction long enough that the second click lands while it is in flight.
    await call(app.url, 'POST', '/__faults', { body: { point: 'booking.beforeCommit', delayMs: 800 } });

    await page.dblclick('#book');
    expect(await page.isDisabled('#book'), 'disabled while in flight').to.equal(true);
    await page.locator('#order-status[data-status="pending"]').waitFor();

    expect(keys, 'one request').to.have.length(1);
    expect(keys[0]).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await ordersOf(sub)).to.have.length(1);
    expect(await slotsLeft(route.id), 'one unit of stock taken').to.equal(4);
    expect(await page.textContent('#message')).to.match(/^Booked\./);
    await page.locator('#availability[data-available="4"]').waitFor();
    await page.locator('#my-orders-list li[data-order-sn]').first().waitFor();

    await mkdir('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/booking-page.png', fullPage: true });
    // The README's picture is replaced only on request, so a test run does not leave a changed binary behind.
    const haveDocsShot = await access('docs/booking-page.png').then(() => true, () => false);
    if (!haveDocsShot || process.env['UPDATE_SCREENSHOTS'] === '1') {
      await mkdir('docs', { recursive: true });
      await copyFile('test-output/booking-page.png', 'docs/booking-page.png');
    }
    await expectStockMatchesOrders();
  });

  it('reuses the Idempotency-Key after a dropped response, so clicking again replays the same order', async () => {
    const route = await app.cat.aRoute({ groupSize: 5, name: 'Browser: dropped response' });
    const { page, sub } = await openPage('en');
    await chooseRoute(page, route.id, 5);
    const keys = recordBookings(page);
    let dropped = false;
    await page.route('**/api/v1/orders', async (r) => {
      if (r.request().method() !== 'POST' || dropped) return r.fallback();
      dropped = true;
      // Let the booking reach the service and commit, then lose its answer on the way back.
      const answer = await r.fetch();
      expect(answer.status()).to.equal(201);
      await r.abort('connectionreset');
    });

    await page.click('#book');
    await page.locator('#message[data-tone="warn"]').waitFor();
    expect(await page.textContent('#message')).to.match(/connection was lost/);
    expect(await page.textContent('#book')).to.match(/will not book twice/);
    expect(await page.isHidden('#order'), 'no order shown yet').to.equal(true);
    expect(await ordersOf(sub), 'the first request did book').to.have.length(1);

    await page.click('#book');
    await page.locator('#order-status[data-status="pending"]').waitFor();
    expect(await page.textContent('#order-note')).to.match(/already made/);
    expect(keys).to.have.length(2);
    expect(keys[1], 'the retry carried the same key').to.equal(keys[0]);
    const orders = await ordersOf(sub);
    expect(orders, 'still one order').to.have.length(1);
    expect(await page.textContent('#order-sn')).to.equal(orders[0]?.orderSn);
    expect(await slotsLeft(route.id)).to.equal(4);

    // A new press after the final answer is a new attempt with a new key.
    await page.click('#book');
    await page.locator('#message[data-tone="ok"]').filter({ hasText: /^Booked\./ }).waitFor();
    expect(keys).to.have.length(3);
    expect(keys[2]).to.not.equal(keys[0]);
    expect(await ordersOf(sub)).to.have.length(2);
    await expectStockMatchesOrders();
  });

  it('finishes a booking after a reload while it was in flight: same key, 409 in-use retried, one order', async () => {
    const route = await app.cat.aRoute({ groupSize: 5, name: 'Browser: reload' });
    const { page, sub } = await openPage('en');
    await chooseRoute(page, route.id, 5);
    const keys = recordBookings(page);
    const statuses: number[] = [];
    page.on('response', (res) => {
      if (res.request().method() === 'POST' && new URL(res.url()).pathname === '/api/v1/orders') statuses.push(res.status());
    });
    await call(app.url, 'POST', '/__faults', { body: { point: 'booking.beforeCommit', delayMs: 2500 } });

    const sent = page.waitForRequest((req) => req.method() === 'POST' && new URL(req.url()).pathname === '/api/v1/orders');
    await page.click('#book');
    await sent;
    await page.reload();
    await page.locator('#order-status[data-status="pending"]').waitFor({ timeout: 20_000 });

    expect(keys.length).to.be.at.least(2);
    expect(new Set(keys).size, 'every send carried the one key').to.equal(1);
    expect(statuses, 'the resumed send found the first still running').to.include(409);
    expect(statuses.at(-1)).to.equal(201);
    expect(await ordersOf(sub)).to.have.length(1);
    expect(await slotsLeft(route.id)).to.equal(4);
    await expectStockMatchesOrders();
  });

  it('sells the last seat to exactly one of two browsers; the other sees it is sold out', async () => {
    const route = await app.cat.aRoute({ groupSize: 1, name: 'Browser: last seat' });
    const a = await openPage('en');
    const b = await openPage('zh');
    await chooseRoute(a.page, route.id, 1);
    await chooseRoute(b.page, route.id, 1);

    await Promise.all([a.page.click('#book'), b.page.click('#book')]);
    const settled = (p: Page) => p.locator('#message[data-tone="ok"], #message[data-tone="error"]').waitFor();
    await Promise.all([settled(a.page), settled(b.page)]);

    const outcomes = await Promise.all([a, b].map(async (o) => ({ ...o, tone: await o.page.getAttribute('#message', 'data-tone'), text: await o.page.textContent('#message') })));
    const winners = outcomes.filter((o) => o.tone === 'ok');
    const losers = outcomes.filter((o) => o.tone === 'error');
    expect(winners, 'exactly one wins').to.have.length(1);
    expect(losers).to.have.length(1);
    const loser = losers[0]!;
    expect(loser.text).to.match(loser === outcomes[0] ? /Sold out/ : /已售罄/);
    await loser.page.locator('#availability[data-available="0"]').waitFor();
    expect(await loser.page.isDisabled('#book'), 'a new booking of a sold-out item is not offered').to.equal(true);

    expect((await ordersOf(a.sub)).length + (await ordersOf(b.sub)).length).to.equal(1);
    expect(await slotsLeft(route.id)).to.equal(0);

    // The winner pays with the development mock provider.
    const winner = winners[0]!;
    await winner.page.click('#pay');
    await winner.page.locator('#order-status[data-status="paid"]').waitFor();
    expect(await winner.page.isHidden('#pay'), 'nothing left to pay').to.equal(true);
    const [order] = await ordersOf(winner.sub);
    const detail = await call(app.url, 'GET', `/api/v1/orders/${order!.orderSn}`, { token: await tokenFor(winner.sub) });
    expect(detail.body.status).to.equal('paid');
    expect(detail.body.payments).to.have.length(1);
    expect(detail.body.payments[0].status).to.equal('succeeded');
    await expectStockMatchesOrders();
  });

  it('books a hotel stay and a scenic ticket, and cancelling gives the tickets back', async () => {
    const { hotel, roomType } = await app.cat.aHotel({ totalRooms: 3, priceCents: 450_00 });
    const spot = await app.cat.aScenicSpot({ dailyQuota: 5, ticketPriceCents: 60_00 });
    const { page, sub } = await openPage('en');
    await fillContact(page);

    await page.check('input[name="itemType"][value="hotel"]');
    await page.selectOption('#room-type-select', String(roomType.id));
    await page.fill('#check-in', futureDate(20));
    await page.fill('#check-out', futureDate(22));
    await page.locator('#availability[data-available="3"]').waitFor();
    expect(await page.textContent('#price')).to.include('¥900.00');
    await page.click('#book');
    await page.locator('#order-status[data-status="pending"]').waitFor();
    expect(await page.textContent('#order-items')).to.include('2 nights');
    expect(await page.textContent('#order-total')).to.equal('¥900.00');
    const nights = await call(app.url, 'GET', `/api/v1/room-types/${roomType.id}/availability?checkIn=${futureDate(20)}&checkOut=${futureDate(22)}`);
    expect(nights.body.nights.map((n: { available: number }) => n.available)).to.deep.equal([2, 2]);
    expect(hotel.id).to.be.a('number');

    await page.check('input[name="itemType"][value="scenic"]');
    await page.selectOption('#spot-select', String(spot.id));
    await page.fill('#visit-date', futureDate(21));
    await page.fill('#quantity', '2');
    await page.locator('#availability[data-available="5"]').waitFor();
    await page.click('#book');
    await page.locator('#order-items', { hasText: futureDate(21) }).waitFor();
    await page.locator('#availability[data-available="3"]').waitFor();

    await page.click('#cancel');
    await page.locator('#order-status[data-status="cancelled"]').waitFor();
    await page.locator('#availability[data-available="5"]').waitFor();
    const statuses = (await ordersOf(sub)).map((o) => o.status).sort();
    expect(statuses).to.deep.equal(['cancelled', 'pending']);
    await expectStockMatchesOrders();
  });

  /** Switches the form to a package and adds one line per item: a route, then a hotel stay. */
  async function addRouteAndStay(page: Page, routeId: number, roomTypeId: number, stay: { checkIn: string; checkOut: string; rooms: number }, seats = 1): Promise<void> {
    await page.check('input[name="mode"][value="package"]');
    await page.locator('#package').waitFor({ state: 'visible' });
    await chooseRoute(page, routeId, await slotsLeft(routeId));
    await page.fill('#quantity', String(seats));
    await page.click('#add-line');
    await page.check('input[name="itemType"][value="hotel"]');
    await page.selectOption('#room-type-select', String(roomTypeId));
    await page.fill('#check-in', stay.checkIn);
    await page.fill('#check-out', stay.checkOut);
    await page.fill('#quantity', String(stay.rooms));
    await page.locator(`#availability[data-available="${Math.min(...(await roomsLeft(roomTypeId, stay.checkIn, stay.checkOut)))}"]`).waitFor();
    await page.click('#add-line');
    await page.locator('#package-lines li[data-line="1"]').waitFor();
  }

  async function roomsLeft(roomTypeId: number, checkIn: string, checkOut: string): Promise<number[]> {
    const res = await call(app.url, 'GET', `/api/v1/room-types/${roomTypeId}/availability?checkIn=${checkIn}&checkOut=${checkOut}`);
    return res.body.nights.map((n: { available: number }) => n.available);
  }

  it('books a package (route + hotel stay) in one request, pays, cancels one line and then the rest, and shows each refund arrive', async () => {
    const route = await app.cat.aRoute({ groupSize: 4, priceCents: 2000_00, name: 'Browser: package route', departureDate: futureDate(30) });
    const { roomType } = await app.cat.aHotel({ totalRooms: 2, priceCents: 450_00 });
    const stay = { checkIn: futureDate(30), checkOut: futureDate(32), rooms: 1 };
    const { page, sub } = await openPage('en');
    const keys = recordBookings(page);
    await addRouteAndStay(page, route.id, roomType.id, stay, 2);
    expect(await page.textContent('#package-lines li[data-line="0"]')).to.match(/^Line 1 \(the tour route\): Browser: package route × 2 = ¥4,000\.00/);
    expect(await page.textContent('#package-lines li[data-line="1"]')).to.match(/^Line 2 \(the hotel stay\): .* × 1 = ¥900\.00/);
    expect(await page.textContent('#price')).to.equal('Package total: ¥4,900.00 (2 items)');
    expect(keys, 'adding lines books nothing').to.have.length(0);

    await page.click('#book');
    await page.locator('#order-status[data-status="pending"]').waitFor();
    expect(keys, 'one request for the whole package').to.have.length(1);
    expect(await page.textContent('#message')).to.match(/^The package is booked/);
    expect(await page.locator('#order-items li.line').count()).to.equal(2);
    expect(await page.textContent('#order-total')).to.equal('¥4,900.00');
    expect(await page.locator('#package-lines li').count(), 'the next package starts empty').to.equal(0);
    const orders = await ordersOf(sub);
    expect(orders).to.have.length(1);
    expect(orders[0]!.items).to.have.length(2);
    expect(await slotsLeft(route.id)).to.equal(2);
    expect(await roomsLeft(roomType.id, stay.checkIn, stay.checkOut)).to.deep.equal([1, 1]);

    await page.click('#pay');
    await page.locator('#order-status[data-status="paid"]').waitFor();
    expect(await page.textContent('#cancel')).to.equal('Cancel and refund');

    // Hold the provider's refund notice, so the cancel's answer shows the refund pending and the page must poll.
    await call(app.url, 'POST', '/__faults', { body: { point: 'payment.afterMarker', delayMs: 3000 } });
    expect(await page.isDisabled('#cancel-lines'), 'nothing chosen yet').to.equal(true);
    await page.check('#order-items li[data-line="1"] input[type="checkbox"]');
    const answered = page.waitForResponse((res) => res.request().method() === 'POST' && /\/cancel$/.test(new URL(res.url()).pathname));
    await page.click('#cancel-lines');
    const answer = await (await answered).json();
    expect(answer.refunds.map((r: { status: string }) => r.status), 'the cancel answered before the provider did').to.deep.equal(['pending']);
    await page.locator('#order-items li[data-line="1"][data-status="cancelled"]').waitFor();
    expect(await page.textContent('#order-message')).to.equal('Cancelled. A refund of ¥900.00 is on its way.');
    expect(await page.textContent('#order-refund-list li[data-status="pending"]')).to.include('¥900.00 for Line 2 (the hotel stay): refund pending');
    await page.locator('#order-refund-list li[data-status="succeeded"]').waitFor({ timeout: 20_000 });
    expect(await page.textContent('#order-message')).to.equal('The refund of ¥900.00 has been made.');
    expect(await page.getAttribute('#order-status', 'data-status'), 'one line is still booked and paid').to.equal('paid');
    expect(await roomsLeft(roomType.id, stay.checkIn, stay.checkOut)).to.deep.equal([2, 2]);

    // The rest of the order: everything still booked, refunded too.
    await page.click('#cancel');
    await page.locator('#order-status[data-status="cancelled"]').waitFor();
    await page.locator('#order-refund-list li[data-status="succeeded"]').nth(1).waitFor({ timeout: 20_000 });
    expect(await page.textContent('#order-refund-list')).to.include('¥4,000.00 for Line 1 (the tour route): refunded');
    expect(await page.isHidden('#cancel'), 'nothing left to cancel').to.equal(true);
    const detail = await call(app.url, 'GET', `/api/v1/orders/${orders[0]!.orderSn}`, { token: await tokenFor(sub) });
    const refunds = (detail.body.refunds as Array<{ amountCents: number; status: string }>).map((r) => [r.amountCents, r.status]);
    expect(refunds.sort((a, b) => Number(a[0]) - Number(b[0]))).to.deep.equal([[900_00, 'succeeded'], [4000_00, 'succeeded']]);
    expect(await slotsLeft(route.id)).to.equal(4);
    await expectStockMatchesOrders();
  });

  it('refuses a package by naming its line (in English and in Chinese), books nothing, and books it once the line is changed', async () => {
    const route = await app.cat.aRoute({ groupSize: 5, name: 'Browser: package refused' });
    const { roomType } = await app.cat.aHotel({ totalRooms: 1, priceCents: 300_00 });
    const stay = { checkIn: futureDate(40), checkOut: futureDate(41), rooms: 2 };
    const en = await openPage('en');
    const zh = await openPage('zh');
    const keys = recordBookings(en.page);
    for (const { page } of [en, zh]) {
      await addRouteAndStay(page, route.id, roomType.id, stay);
      await page.click('#book');
      await page.locator('#message[data-tone="error"]').waitFor();
      await page.locator('#package-lines li.refused[data-line="1"]').waitFor();
    }
    expect(await en.page.textContent('#message')).to.equal('Line 2 (the hotel stay): only 1 room left. Nothing was booked.');
    expect(await zh.page.textContent('#message')).to.equal('第 2 项（酒店住宿）：仅剩 1 间房。未预订任何项目。');
    expect(await en.page.isHidden('#order'), 'no order').to.equal(true);
    expect((await ordersOf(en.sub)).length + (await ordersOf(zh.sub)).length).to.equal(0);
    expect(await slotsLeft(route.id), 'all or nothing: the route line took nothing').to.equal(5);

    // Remove the stay, add it again for one room: a new booking, so a new key.
    await en.page.click('#package-lines li[data-line="1"] button');
    await en.page.fill('#quantity', '1');
    await en.page.click('#add-line');
    await en.page.locator('#package-lines li[data-line="1"]').waitFor();
    expect(await en.page.locator('#package-lines li.refused').count(), 'a changed package is not marked').to.equal(0);
    await en.page.click('#book');
    await en.page.locator('#order-status[data-status="pending"]').waitFor();
    expect(keys).to.have.length(2);
    expect(keys[1]).to.not.equal(keys[0]);
    expect(await ordersOf(en.sub)).to.have.length(1);
    expect(await slotsLeft(route.id)).to.equal(4);
    await expectStockMatchesOrders();
  });

  it('says a paid line that has started can no longer be cancelled, and cancels and refunds the others', async () => {
    const route = await app.cat.aRoute({ groupSize: 3, priceCents: 1500_00, name: 'Browser: started stay', departureDate: futureDate(10) });
    const { roomType } = await app.cat.aHotel({ totalRooms: 2, priceCents: 400_00 });
    // The stay starts today (UTC, as the service counts): once paid it cannot be cancelled.
    const stay = { checkIn: futureDate(0), checkOut: futureDate(1), rooms: 1 };
    const { page, sub } = await openPage('en');
    await addRouteAndStay(page, route.id, roomType.id, stay);
    await page.click('#book');
    await page.locator('#order-status[data-status="pending"]').waitFor();
    await page.click('#pay');
    await page.locator('#order-status[data-status="paid"]').waitFor();
    await page.locator('#order-items li[data-line="1"] [data-started="true"]').waitFor();
    expect(await page.textContent('#order-items li[data-line="1"] [data-started="true"]')).to.equal(`Started on ${stay.checkIn}: it can no longer be cancelled.`);
    expect(await page.locator('#order-items li[data-line="1"] input').count(), 'a started line cannot be chosen').to.equal(0);
    expect(await page.isHidden('#cancel'), 'the whole order cannot be cancelled').to.equal(true);

    // A browser whose clock is a day behind thinks the stay has not started: the service's calendar decides.
    await page.clock.setFixedTime(new Date(Date.now() - 86_400_000));
    await page.reload();
    await page.locator('#order-status[data-status="paid"]').waitFor();
    expect(await page.locator('#order-items [data-started]').count()).to.equal(0);
    await page.click('#cancel');
    await page.locator('#order-message[data-tone="error"]').waitFor();
    expect(await page.textContent('#order-message')).to.equal(`Line 2 (the hotel stay) started on ${stay.checkIn} and can no longer be cancelled. Nothing was cancelled.`);
    await page.locator('#order-items li[data-line="1"] [data-started="true"]').waitFor();
    expect(await page.isHidden('#cancel')).to.equal(true);
    expect(await page.locator('#order-items li[data-status="cancelled"]').count()).to.equal(0);
    expect(await slotsLeft(route.id), 'nothing was cancelled').to.equal(2);

    await page.check('#order-items li[data-line="0"] input[type="checkbox"]');
    await page.click('#cancel-lines');
    await page.locator('#order-items li[data-line="0"][data-status="cancelled"]').waitFor();
    await page.locator('#order-refund-list li[data-status="succeeded"]').waitFor({ timeout: 20_000 });
    expect(await page.textContent('#order-refund-list')).to.include('¥1,500.00 for Line 1 (the tour route): refunded');
    expect(await page.getAttribute('#order-status', 'data-status')).to.equal('paid');
    expect(await page.isHidden('#cancel-lines'), 'nothing left that can be cancelled').to.equal(true);
    expect(await slotsLeft(route.id)).to.equal(3);
    expect(await roomsLeft(roomType.id, stay.checkIn, stay.checkOut), 'the started stay keeps its room').to.deep.equal([1]);
    expect(await ordersOf(sub)).to.have.length(1);
    await expectStockMatchesOrders();
  });

  it('lets only the owner use the mock provider, and refuses a bad development sign-in name', async () => {
    const route = await app.cat.aRoute({ groupSize: 2 });
    const owner = await tokenFor(newUser());
    const booked = await call(app.url, 'POST', '/api/v1/orders', { token: owner, body: { itemType: 'route', itemId: route.id, quantity: 1, contactName: 'A', contactPhone: '13800000000' } });
    expect(booked.status).to.equal(201);
    const stranger = await call(app.url, 'POST', `/dev/mock-pay/${booked.body.orderSn}`, { token: await tokenFor(newUser()) });
    expect(stranger.status).to.equal(404);
    expect((await call(app.url, 'POST', `/dev/mock-pay/${booked.body.orderSn}`)).status).to.equal(401);
    const paid = await call(app.url, 'POST', `/dev/mock-pay/${booked.body.orderSn}`, { token: owner });
    expect(paid.status).to.equal(200);
    expect(paid.body.callback).to.include({ received: true, duplicate: false, orderStatus: 'paid' });
    const again = await call(app.url, 'POST', `/dev/mock-pay/${booked.body.orderSn}`, { token: owner });
    expect(again.body.callback, 'the same provider transaction, delivered twice').to.include({ duplicate: true });
    expect((await call(app.url, 'GET', '/dev/token?sub=a%20b')).status).to.equal(422);
    expect((await call(app.url, 'GET', '/dev/token?sub=alice')).body.token).to.be.a('string');
    await expectStockMatchesOrders();
  });

  describe('with tight holding and rate limits', () => {
    let tight: TestApp;
    before(async () => {
      tight = await startApp({ MAX_PENDING_UNITS_PER_ITEM: '3', RATE_LIMIT_USER_PER_MINUTE: '3' });
    });
    after(async () => tight?.close());

    it('says how much more one person may hold and how to free it, then to wait when writes come too fast; the key survives the wait', async () => {
      const route = await catalogue(tight.url).aRoute({ groupSize: 10, name: 'Browser: limits' });
      const { page, sub } = await openPage('en', newUser('limits'), tight.url);
      const keys = recordBookings(page);
      const message = async (tone: string) => {
        await page.locator(`#message[data-tone="${tone}"]`).waitFor();
        return (await page.textContent('#message')) ?? '';
      };
      await page.check('input[name="itemType"][value="route"]');
      await page.selectOption('#route-select', String(route.id));
      await page.locator('#availability[data-available="10"]').waitFor();
      await fillContact(page);
      await page.fill('#quantity', '2');
      await page.click('#book');
      expect(await message('ok')).to.match(/^Booked/);

      await page.fill('#quantity', '2');
      await page.click('#book');
      expect(await message('error')).to.equal('One person may hold at most 3 seats of one item unpaid, and you already hold 2 seats of this one: you can book up to 1 seat more now. Pay for or cancel an order under My orders to book more.');

      await page.fill('#quantity', '1');
      await page.click('#book');
      expect(await message('ok')).to.match(/^Booked/);

      // The fourth write in a minute: refused before the booking was looked at.
      await page.fill('#quantity', '1');
      await page.click('#book');
      expect(await message('warn')).to.match(/^Too many attempts in a short time\. Please wait \d+ s, then press Book again; it will not book twice\.$/);
      expect(await page.isEnabled('#book')).to.equal(true);
      // Pressing again carries the same key: the refused attempt was not spent.
      await page.click('#book');
      await page.locator('#message[data-tone="warn"]').waitFor();
      expect(keys).to.have.length(5);
      expect(keys[4]).to.equal(keys[3]);
      expect(new Set(keys.slice(0, 4)).size).to.equal(4);
      expect((await ordersOf(sub, tight.url)).map((o) => o.status)).to.deep.equal(['pending', 'pending']);
      await expectStockMatchesOrders();
    });
  });

  describe('in production', () => {
    let prod: TestApp;
    before(async () => {
      prod = await startApp({
        NODE_ENV: 'production',
        FAULT_INJECTION: '0',
        JWT_SECRET: 'prod-test-jwt-secret-0123456789-0123456789',
        PAYMENT_WEBHOOK_SECRET: 'prod-test-webhook-secret-0123456789-012345',
      });
    });
    after(async () => prod?.close());

    it('has no development sign-in or mock provider', async () => {
      expect((await call(prod.url, 'GET', '/dev/token?sub=alice')).status).to.equal(404);
      expect((await call(prod.url, 'POST', '/dev/mock-pay/BD20270101000000ABCDEFGHIJ')).status).to.equal(404);
      expect((await call(prod.url, 'GET', '/')).text).to.include('content="production"');
    });

    it('asks for the platform sign-in, and takes a ?token= out of the address bar', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${prod.url}/?lang=zh`);
      await page.locator('#platform-sign-in').waitFor({ state: 'visible' });
      expect(await page.isHidden('#dev-sign-in')).to.equal(true);
      expect(await page.textContent('#platform-sign-in')).to.include('旅行平台');

      const token = await prod.deps.auth.issue('platform-user');
      await page.goto(`${prod.url}/?lang=en&token=${token}`);
      await page.locator('#app').waitFor({ state: 'visible' });
      expect(page.url()).to.not.include('token=');
      expect(await page.textContent('#who')).to.include('platform-user');
      expect(await page.textContent('#pay')).to.equal('Pay');
      await context.close();
    });
  });

  it('ends with stock matching orders', async () => {
    await expectStockMatchesOrders();
  });
});
