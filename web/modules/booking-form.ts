// The booking form: what it describes, its price, the catalogue it offers, and what is left, refreshed while the
// page is open.

import { api, isPackage, isRecord, MAX_LINES, type BookingBody, type Contact, type Hotel, type ItemType, type LineBody, type Reply, type Route, type Spot } from './api-client.js';
import { sameBooking } from './booking-attempt.js';
import { money, t, type MessageKey } from './messages.js';
import { el, state } from './page.js';

// ---- the form ------------------------------------------------------------------------------------------------

export type Mode = 'single' | 'package';

/** One item booked on its own, or a package: lines added one by one and booked together in one request. */
export function selectedMode(): Mode {
  return el.form.querySelector<HTMLInputElement>('input[name="mode"]:checked')?.value === 'package' ? 'package' : 'single';
}

export function setMode(mode: Mode): void {
  for (const radio of el.form.querySelectorAll<HTMLInputElement>('input[name="mode"]')) radio.checked = radio.value === mode;
}

export function selectedKind(): ItemType {
  const checked = el.form.querySelector<HTMLInputElement>('input[name="itemType"]:checked');
  const value = checked?.value;
  return value === 'hotel' || value === 'scenic' ? value : 'route';
}

function setKind(kind: ItemType): void {
  for (const radio of el.form.querySelectorAll<HTMLInputElement>('input[name="itemType"]')) radio.checked = radio.value === kind;
  showKindFields();
}

export function showKindFields(): void {
  const kind = selectedKind();
  el.routeFields.hidden = kind !== 'route';
  el.hotelFields.hidden = kind !== 'hotel';
  el.scenicFields.hidden = kind !== 'scenic';
  el.packageSection.hidden = selectedMode() !== 'package';
}

export function hotelOfRoomType(roomTypeId: number): Hotel | undefined {
  return state.hotels.find((h) => h.roomTypes.some((r) => r.id === roomTypeId));
}

/** The line the item fields describe right now (without the contact); null when nothing is chosen. */
export function currentLine(): LineBody | null {
  const quantity = Number(el.quantity.value);
  switch (selectedKind()) {
    case 'route': {
      const itemId = Number(el.routeSelect.value);
      return itemId > 0 ? { itemType: 'route', itemId, quantity } : null;
    }
    case 'hotel': {
      const roomTypeId = Number(el.roomTypeSelect.value);
      const hotel = hotelOfRoomType(roomTypeId);
      return hotel ? { itemType: 'hotel', itemId: hotel.id, roomTypeId, checkIn: el.checkIn.value, checkOut: el.checkOut.value, quantity } : null;
    }
    case 'scenic': {
      const itemId = Number(el.spotSelect.value);
      return itemId > 0 ? { itemType: 'scenic', itemId, visitDate: el.visitDate.value, quantity } : null;
    }
  }
}

function contact(): Contact {
  return { contactName: el.contactName.value.trim(), contactPhone: el.contactPhone.value.trim() };
}

/** The request body the form describes right now: one item, or the package's lines; null when there is nothing. */
export function currentBody(): BookingBody | null {
  if (selectedMode() === 'package') return state.draft.length > 0 ? { items: state.draft.map((l) => ({ ...l })), ...contact() } : null;
  const line = currentLine();
  return line ? { ...line, ...contact() } : null;
}

/** What is wrong with a line before it is sent: the names of the fields to check. */
export function lineProblems(line: LineBody): MessageKey[] {
  const problems: MessageKey[] = [];
  if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 100) problems.push('quantity');
  if (line.itemType === 'hotel' && !line.checkIn) problems.push('checkIn');
  if (line.itemType === 'hotel' && (!line.checkOut || nightsBetween(line.checkIn, line.checkOut) < 1)) problems.push('checkOut');
  if (line.itemType === 'scenic' && !line.visitDate) problems.push('visitDate');
  return problems;
}

function fillLine(line: LineBody): void {
  setKind(line.itemType);
  if (line.itemType === 'route') el.routeSelect.value = String(line.itemId);
  if (line.itemType === 'hotel') {
    el.roomTypeSelect.value = String(line.roomTypeId);
    el.checkIn.value = line.checkIn;
    el.checkOut.value = line.checkOut;
  }
  if (line.itemType === 'scenic') {
    el.spotSelect.value = String(line.itemId);
    el.visitDate.value = line.visitDate;
  }
  el.quantity.value = String(line.quantity);
}

/** Puts a stored attempt's body back into the form, so what is shown is what is being sent (a package: its lines). */
export function fillForm(body: BookingBody): void {
  setMode(isPackage(body) ? 'package' : 'single');
  if (isPackage(body)) state.draft = body.items.map((l) => ({ ...l }));
  else fillLine(body);
  el.contactName.value = body.contactName;
  el.contactPhone.value = body.contactPhone;
  showKindFields();
}

export function attemptMatchesForm(): boolean {
  const body = currentBody();
  return state.attempt !== null && state.attempt.sub === state.sub && body !== null && sameBooking(body, state.attempt.body);
}

export function updateBookButton(): void {
  const retrying = state.uncertain && attemptMatchesForm();
  const asPackage = selectedMode() === 'package';
  el.book.textContent = t(state.inFlight ? 'booking' : retrying ? 'bookRetry' : asPackage ? 'bookPackage' : 'book');
  // Sold out blocks a new booking, never the retry of one whose outcome is unknown (it may hold that last seat).
  // In a package it blocks adding the line; the package as a whole is checked by the service, all or nothing.
  el.book.disabled = state.inFlight || currentBody() === null || (!asPackage && state.available === 0 && !retrying);
  el.addLine.disabled = state.inFlight || currentLine() === null || state.available === 0 || state.draft.length >= MAX_LINES;
  el.fields.disabled = state.inFlight;
  el.form.setAttribute('aria-busy', String(state.inFlight));
}

export function setInFlight(inFlight: boolean): void {
  state.inFlight = inFlight;
  updateBookButton();
}

export function nightsBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return Number.isNaN(ms) ? 0 : Math.round(ms / 86_400_000);
}

/** A line's unit price and what it is per, and its estimated subtotal; unit undefined when not in the catalogue. */
export function linePrice(line: LineBody): { unit: number | undefined; per: MessageKey; subtotal: number } {
  let unit: number | undefined;
  let per: MessageKey = 'perPerson';
  let multiplier = 1;
  if (line.itemType === 'route') unit = state.routes.find((r) => r.id === line.itemId)?.priceCents;
  if (line.itemType === 'hotel') {
    unit = hotelOfRoomType(line.roomTypeId)?.roomTypes.find((r) => r.id === line.roomTypeId)?.priceCents;
    per = 'perNight';
    multiplier = Math.max(0, nightsBetween(line.checkIn, line.checkOut));
  }
  if (line.itemType === 'scenic') {
    unit = state.spots.find((s) => s.id === line.itemId)?.ticketPriceCents;
    per = 'perTicket';
  }
  const quantity = Number.isInteger(line.quantity) && line.quantity > 0 ? line.quantity : 0;
  return { unit, per, subtotal: (unit ?? 0) * multiplier * quantity };
}

export function updatePrice(): void {
  const line = currentLine();
  const price = line ? linePrice(line) : null;
  const asPackage = selectedMode() === 'package';
  const text = !price || price.unit === undefined ? '' : `${t(price.per, { price: money(price.unit) })} · ${t(asPackage ? 'lineEstimate' : 'estimate', { price: money(price.subtotal) })}`;
  if (!asPackage) {
    el.price.textContent = text;
    el.linePrice.textContent = '';
    return;
  }
  el.linePrice.textContent = text;
  const total = state.draft.reduce((sum, l) => sum + linePrice(l).subtotal, 0);
  el.price.textContent = state.draft.length > 0 ? t('packageTotal', { price: money(total), n: state.draft.length }) : '';
}

function option(value: string, text: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

function fillSelect(select: HTMLSelectElement, options: HTMLElement[]): void {
  const previous = select.value;
  select.replaceChildren(...options);
  if (options.length === 0) select.append(option('', '—'));
  if (previous && [...select.options].some((o) => o.value === previous)) select.value = previous;
}

export async function loadCatalogue(): Promise<void> {
  const [routes, hotels, spots] = await Promise.all([api('GET', '/api/v1/routes'), api('GET', '/api/v1/hotels'), api('GET', '/api/v1/scenic-spots')]);
  const list = (reply: Reply, field: string): unknown[] =>
    reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && Array.isArray(reply.body[field]) ? reply.body[field] : [];
  state.routes = list(routes, 'routes') as Route[];
  state.hotels = list(hotels, 'hotels') as Hotel[];
  state.spots = list(spots, 'scenicSpots') as Spot[];
  fillSelect(el.routeSelect, state.routes.map((r) => option(String(r.id), `${r.name} · ${money(r.priceCents)}`)));
  fillSelect(
    el.roomTypeSelect,
    state.hotels
      .filter((h) => h.roomTypes.length > 0)
      .map((h) => {
        const group = document.createElement('optgroup');
        group.label = h.name;
        group.append(...h.roomTypes.map((r) => option(String(r.id), `${h.name} · ${r.name} · ${money(r.priceCents)}`)));
        return group;
      }),
  );
  fillSelect(el.spotSelect, state.spots.map((s) => option(String(s.id), `${s.name} · ${money(s.ticketPriceCents)}`)));
}

// ---- availability, refreshed while the page is open ------------------------------------------------------------

export function showAvailability(available: number | null | undefined, text: string): void {
  state.available = available;
  el.availability.textContent = text;
  el.availability.className = `availability${available === 0 ? ' none' : typeof available === 'number' && available <= 3 ? ' low' : ''}`;
  el.availability.dataset['available'] = available === undefined ? '' : String(available);
  updateBookButton();
}

export async function refreshAvailability(): Promise<void> {
  const seq = ++state.availabilitySeq;
  const body = currentLine();
  if (!body) return showAvailability(undefined, t('nothingToBook'));
  let available: number | null | undefined;
  let text = t('availabilityUnknown');
  if (body.itemType === 'route') {
    const reply = await api('GET', `/api/v1/routes/${body.itemId}`);
    if (reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && typeof reply.body['availableSlots'] === 'number') {
      available = reply.body['availableSlots'];
      text = available > 0 ? t('seatsLeft', { n: available }) : t('soldOut');
    }
  } else if (body.itemType === 'hotel') {
    if (!body.checkIn || !body.checkOut || nightsBetween(body.checkIn, body.checkOut) < 1) {
      if (seq === state.availabilitySeq) showAvailability(undefined, t('chooseDates'));
      return;
    }
    const query = new URLSearchParams({ checkIn: body.checkIn, checkOut: body.checkOut });
    const reply = await api('GET', `/api/v1/room-types/${body.roomTypeId}/availability?${query.toString()}`);
    const nights = reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && Array.isArray(reply.body['nights']) ? (reply.body['nights'] as { night: string; available: number }[]) : null;
    if (nights && nights.length > 0) {
      available = Math.min(...nights.map((n) => n.available));
      const full = nights.filter((n) => n.available === 0).map((n) => n.night);
      text = full.length > 0 ? t('roomsSoldOutNight', { nights: full.join(', ') }) : t('roomsLeft', { n: available });
    }
  } else {
    if (!body.visitDate) {
      if (seq === state.availabilitySeq) showAvailability(undefined, t('chooseDates'));
      return;
    }
    const reply = await api('GET', `/api/v1/scenic-spots/${body.itemId}/availability?${new URLSearchParams({ date: body.visitDate }).toString()}`);
    if (reply.kind === 'reply' && reply.status === 200 && isRecord(reply.body) && 'available' in reply.body) {
      const value = reply.body['available'];
      available = typeof value === 'number' ? value : null;
      text = available === null ? t('unlimited', { date: body.visitDate }) : available > 0 ? t('ticketsLeft', { n: available, date: body.visitDate }) : t('soldOut');
    }
  }
  // A slower answer for an earlier choice must not overwrite the current one.
  if (seq === state.availabilitySeq) showAvailability(available, text);
}

function localDate(daysAhead: number): string {
  const d = new Date();
  d.setDate(d.getDate() + daysAhead);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** No day in the past; tomorrow, for one night, until the person chooses. */
export function setDefaultDates(): void {
  el.checkIn.min = localDate(0);
  el.checkOut.min = localDate(1);
  el.visitDate.min = localDate(0);
  el.checkIn.value = localDate(1);
  el.checkOut.value = localDate(2);
  el.visitDate.value = localDate(1);
}
