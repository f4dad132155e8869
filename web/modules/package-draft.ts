// The package being put together: lines added from the item fields one at a time, shown with their estimated
// subtotals, kept in sessionStorage across a reload, and booked together in one request (see booking.ts).

import { isRecord, MAX_LINES, type LineBody } from './api-client.js';
import { currentLine, hotelOfRoomType, linePrice, lineProblems, updateBookButton, updatePrice } from './booking-form.js';
import { lineLabel, listSeparator, money, t } from './messages.js';
import { el, load, save, say, state, STORE } from './page.js';

/** What a line is, in words: the item's name, its dates, how many and its estimated subtotal. */
export function lineText(line: LineBody): string {
  const parts: string[] = [];
  if (line.itemType === 'route') parts.push(state.routes.find((r) => r.id === line.itemId)?.name ?? `#${line.itemId}`);
  if (line.itemType === 'hotel') {
    const hotel = hotelOfRoomType(line.roomTypeId);
    parts.push(`${hotel?.name ?? `#${line.itemId}`} · ${hotel?.roomTypes.find((r) => r.id === line.roomTypeId)?.name ?? ''}`, `${line.checkIn} → ${line.checkOut}`);
  }
  if (line.itemType === 'scenic') parts.push(state.spots.find((s) => s.id === line.itemId)?.name ?? `#${line.itemId}`, line.visitDate);
  const { unit, subtotal } = linePrice(line);
  return `${parts.join(' · ')} × ${line.quantity}${unit === undefined ? '' : ` = ${money(subtotal)}`}`;
}

/** Shows the draft's lines, each with a Remove button, and keeps the draft in sessionStorage. */
export function renderDraft(): void {
  save(STORE.draft, state.draft.length > 0 ? JSON.stringify(state.draft) : null);
  el.packageLines.replaceChildren(
    ...state.draft.map((line, i) => {
      const li = document.createElement('li');
      li.dataset['line'] = String(i);
      if (state.refusedLine === i) li.className = 'refused';
      const text = Object.assign(document.createElement('span'), { textContent: t('lineAndText', { line: lineLabel(i, line.itemType), text: lineText(line) }) });
      const remove = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', textContent: t('remove') });
      remove.addEventListener('click', () => removeLine(i));
      li.append(text, remove);
      return li;
    }),
  );
  el.packageHint.textContent = state.draft.length === 0 ? t('packageEmpty') : state.draft.length >= MAX_LINES ? t('packageFull', { n: MAX_LINES }) : '';
  updatePrice();
  updateBookButton();
}

function changeDraft(lines: LineBody[]): void {
  state.draft = lines;
  state.refusedLine = null;
  renderDraft();
}

/** Adds the line the item fields describe; says what to check first when it is incomplete. */
export function addLine(): void {
  if (state.inFlight || state.draft.length >= MAX_LINES) return;
  const line = currentLine();
  if (!line) return say(el.message, t('nothingToBook'), 'error');
  const problems = lineProblems(line);
  if (problems.length > 0) return say(el.message, t('invalid', { fields: problems.map((k) => t(k)).join(listSeparator) }), 'error');
  say(el.message, '', 'info');
  changeDraft([...state.draft, line]);
}

function removeLine(index: number): void {
  if (state.inFlight) return;
  changeDraft(state.draft.filter((_, i) => i !== index));
}

/** After the package is booked its lines are an order; the next package starts empty. */
export function clearDraft(): void {
  changeDraft([]);
}

/** The refusal named this line: mark it, so the person sees which one to change. */
export function markRefusedLine(index: number | null): void {
  state.refusedLine = index;
  renderDraft();
}

/** The draft left in this tab before a reload; lines of a shape the page does not know are dropped. */
export function restoreDraft(): void {
  const raw = load(STORE.draft);
  if (!raw) return;
  try {
    const parsed: unknown = JSON.parse(raw);
    const known = (l: unknown): l is LineBody => isRecord(l) && ['route', 'hotel', 'scenic'].includes(String(l['itemType'])) && typeof l['itemId'] === 'number' && typeof l['quantity'] === 'number';
    if (Array.isArray(parsed)) state.draft = parsed.filter(known).slice(0, MAX_LINES);
  } catch {
    save(STORE.draft, null);
  }
}
