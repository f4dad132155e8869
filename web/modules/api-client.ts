// The service's API as the page sees it: one fetch wrapper that never throws, the shapes it answers with, and
// readers for its error body and Retry-After header.

export type ItemType = 'route' | 'hotel' | 'scenic';
/** One line: an item as in a single booking, without the contact. */
export type LineBody =
  | { itemType: 'route'; itemId: number; quantity: number }
  | { itemType: 'hotel'; itemId: number; roomTypeId: number; checkIn: string; checkOut: string; quantity: number }
  | { itemType: 'scenic'; itemId: number; visitDate: string; quantity: number };
export type Contact = { contactName: string; contactPhone: string };
/** One item and the contact in one object. */
export type SingleBody = LineBody & Contact;
/** A package: 1 to 10 lines, all booked or none, and one contact. */
export type PackageBody = { items: LineBody[] } & Contact;
export type BookingBody = SingleBody | PackageBody;
/** The service's most lines in one order. */
export const MAX_LINES = 10;

export const isPackage = (body: BookingBody): body is PackageBody => 'items' in body;

export type Route = { id: number; name: string; priceCents: number; availableSlots: number; departureDate?: string | null };
export type RoomType = { id: number; hotelId: number; name: string; priceCents: number };
export type Hotel = { id: number; name: string; roomTypes: RoomType[] };
export type Spot = { id: number; name: string; ticketPriceCents: number; dailyQuota: number | null };
export type OrderStatus = 'pending' | 'paid' | 'cancelled' | 'expired';
export type OrderItem = {
  itemType: ItemType;
  itemName: string;
  quantity: number;
  subtotalCents: number;
  checkIn?: string;
  checkOut?: string;
  nights?: number;
  visitDate?: string;
  /** When the line starts; a paid line is refundable only before that day (UTC). */
  startsOn?: string;
  status?: 'booked' | 'cancelled';
};
export type Payment = { paymentId: string; amountCents: number; status: string };
export type Refund = { refundId: string; amountCents: number; currency: string; status: 'pending' | 'succeeded' | 'failed'; lines: number[] };
export type Order = { orderSn: string; status: OrderStatus; totalCents: number; currency: string; expiresAt: string; items: OrderItem[]; payments?: Payment[]; refunds?: Refund[] };
export type ApiError = { code: string; details: Record<string, unknown> };

/** An answer, or none at all: a dropped connection leaves the outcome unknown. */
export type Reply =
  | { kind: 'reply'; status: number; body: unknown; replayed: boolean; retryAfterS: number | null; requestId: string | null }
  | { kind: 'network' };

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let bearer: string | null = null;

/** The token every later request carries; null after sign-out or an expired sign-in. */
export function setToken(token: string | null): void {
  bearer = token;
}

export function hasToken(): boolean {
  return Boolean(bearer);
}

export function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null;
  if (/^\d{1,4}$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

export async function api(method: string, path: string, opts: { body?: unknown; key?: string } = {}): Promise<Reply> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (bearer) headers['Authorization'] = `Bearer ${bearer}`;
  if (opts.key) headers['Idempotency-Key'] = opts.key;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  let text: string;
  try {
    res = await fetch(path, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body), cache: 'no-store', credentials: 'omit' });
    // A connection cut while the body streams is as unknown an outcome as no response at all.
    text = await res.text();
  } catch {
    return { kind: 'network' };
  }
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  return {
    kind: 'reply',
    status: res.status,
    body,
    replayed: res.headers.get('Idempotent-Replayed') === 'true',
    retryAfterS: retryAfterSeconds(res.headers.get('Retry-After')),
    requestId: res.headers.get('X-Request-Id'),
  };
}

export function errorOf(body: unknown): ApiError | null {
  if (!isRecord(body) || !isRecord(body['error'])) return null;
  const { code, details } = body['error'];
  return typeof code === 'string' ? { code, details: isRecord(details) ? details : {} } : null;
}

export function isOrder(v: unknown): v is Order {
  return isRecord(v) && typeof v['orderSn'] === 'string' && typeof v['status'] === 'string' && typeof v['totalCents'] === 'number' && Array.isArray(v['items']);
}
