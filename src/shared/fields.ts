import { z } from 'zod';

/** Building blocks of request schemas; bounds keep every number a safe integer. */
export const id = z.coerce.number({ error: 'must be a positive integer' }).int('must be a positive integer').min(1, 'must be a positive integer').max(2_147_483_647, 'is too large');
export const bodyId = z.number({ error: 'must be a positive integer' }).int('must be a positive integer').min(1, 'must be a positive integer').max(2_147_483_647, 'is too large');
export const cents = z.number({ error: 'must be an integer number of cents' }).int('must be an integer number of cents').min(0, 'must not be negative').max(10_000_000_000, 'is too large');
export const capacity = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(0, 'must not be negative').max(1_000_000, 'is too large');
export const quantity = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100');
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
}, 'must be a real date YYYY-MM-DD').meta({ format: 'date' });
