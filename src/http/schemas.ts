import { z } from 'zod';

/** Building blocks shared by request schemas; bounds keep every number a safe integer. */
export const id = z.coerce.number({ error: 'must be a positive integer' }).int('must be a positive integer').min(1, 'must be a positive integer').max(2_147_483_647, 'is too large');
export const bodyId = z.number({ error: 'must be a positive integer' }).int('must be a positive integer').min(1, 'must be a positive integer').max(2_147_483_647, 'is too large');
export const cents = z.number({ error: 'must be an integer number of cents' }).int('must be an integer number of cents').min(0, 'must not be negative').max(10_000_000_000, 'is too large');
export const capacity = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must not be negative').max(1_000_000, 'is too large');
/** Text must be well-formed Unicode: a lone surrogate would be stored as U+FFFD, not as the client sent it. */
export const text = () => z.string({ error: 'must be a string' }).refine((s) => !/\p{Cs}/u.test(s), 'must be valid Unicode text');
export const name = text().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export const calendarDate = z.string({ error: 'must be a date YYYY-MM-DD' }).refine((value) => {
  const m = isoDate.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}, 'must be a real date YYYY-MM-DD');

export const DAY_MS = 86_400_000;
/** How far ahead a stay or visit may be booked. */
export const BOOKING_HORIZON_DAYS = 730;

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
