/** Calendar dates are 'YYYY-MM-DD' strings in UTC: a night or a visit day is not an instant. */
export const DAY_MS = 86_400_000;
/** How far ahead a stay or visit may be booked. */
export const BOOKING_HORIZON_DAYS = 730;
/** The longest hotel stay one line may book. */
export const MAX_STAY_NIGHTS = 30;

export function todayUtc(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Each date from `from` (inclusive) to `to` (exclusive). */
export function datesInRange(from: string, to: string): string[] {
  const n = daysBetween(from, to);
  return Array.from({ length: Math.max(0, n) }, (_, i) => addDays(from, i));
}

export type FieldProblem = { path: string; message: string };

/** A date a traveller may book: from yesterday (UTC; east of it, it is already tomorrow) to the horizon. */
export function bookableDateProblem(path: string, value: string, now = Date.now()): FieldProblem | undefined {
  const today = todayUtc(now);
  if (value < addDays(today, -1)) return { path, message: 'must not be in the past' };
  if (value > addDays(today, BOOKING_HORIZON_DAYS)) return { path, message: `must be within ${BOOKING_HORIZON_DAYS} days` };
  return undefined;
}

/** A stay of 1 to MAX_STAY_NIGHTS nights, check-out exclusive. */
export function stayProblem(checkIn: string, checkOut: string): FieldProblem | undefined {
  const nights = daysBetween(checkIn, checkOut);
  if (nights < 1) return { path: 'checkOut', message: 'must be after checkIn' };
  if (nights > MAX_STAY_NIGHTS) return { path: 'checkOut', message: `a stay is at most ${MAX_STAY_NIGHTS} nights` };
  return undefined;
}
