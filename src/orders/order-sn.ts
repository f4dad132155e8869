import { randomFillSync } from 'node:crypto';

// Crockford's base32: 32 symbols, so one random byte masked to 5 bits picks one without bias.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 10;
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomChars(n: number): string {
  if (offset + n > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  let out = '';
  for (let i = 0; i < n; i += 1) out += ALPHABET[(pool[offset + i] as number) & 31];
  offset += n;
  return out;
}

function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export type OrderSnGenerator = (now?: Date) => string;

/**
 * `BD` + UTC yyyyMMddHHmmss + 10 CSPRNG characters (50 bits): unique across replicas without asking the
 * database; the unique index backs it and a collision is retried with a new number.
 */
export const newOrderSn: OrderSnGenerator = (now = new Date()) => `BD${utcStamp(now)}${randomChars(RANDOM_CHARS)}`;

/**
 * The one shape of an order number, wherever one is read or documented. Numbers issued here use only Crockford's
 * symbols, a subset; any other well-shaped number is simply not found.
 */
export const ORDER_SN_PATTERN = /^BD\d{14}[0-9A-Z]{10}$/;
