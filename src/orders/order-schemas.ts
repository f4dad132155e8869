import { z } from 'zod';
import { keepers } from '../inventory/keepers.js';
import { ITEM_KINDS, type LineRequest } from '../inventory/stock-keeper.js';
import { bodyId, quantity, text } from '../shared/fields.js';
import { ORDER_STATUSES } from '../shared/statuses.js';
import { ORDER_SN_PATTERN } from './order-sn.js';

const contact = {
  contactName: text().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  contactPhone: z.string({ error: 'must be a string' }).trim().regex(/^\+?[0-9][0-9 -]{4,30}[0-9]$/, 'must be a phone number: digits, spaces or dashes, optional leading +'),
};

// One line shape per kind, each from its keeper's own fields: a new kind needs no edit here.
const lineShapes = ITEM_KINDS.map((kind) => ({ itemType: z.literal(kind), itemId: bodyId, ...keepers[kind].requestFields, quantity }));
const kinds = `must be one of ${ITEM_KINDS.join(', ')}`;
const [firstLine, ...otherLines] = lineShapes.map((shape) => z.strictObject(shape));
const [firstSingle, ...otherSingles] = lineShapes.map((shape) => z.strictObject({ ...shape, ...contact }));

/** One line of a package: an item as in a single booking, without the contact. */
export const orderLineSchema = z.discriminatedUnion('itemType', [firstLine as NonNullable<typeof firstLine>, ...otherLines], { error: kinds });

/** A single booking: one item, its fields and the contact, in one object (one line). */
export const singleBookingSchema = z.discriminatedUnion('itemType', [firstSingle as NonNullable<typeof firstSingle>, ...otherSingles], { error: kinds });

export const MAX_LINES = 10;

/** A package: 1 to 10 lines, all booked or none, and one contact. */
export const packageBookingSchema = z.strictObject({
  items: z.array(orderLineSchema, { error: 'must be a list of items' }).min(1, 'must have at least one item').max(MAX_LINES, `must have at most ${MAX_LINES} items`),
  ...contact,
});

/** Either shape of POST /orders, told apart by `items`. */
export const placeOrderSchema = z.union([packageBookingSchema, singleBookingSchema]);

export type Contact = { contactName: string; contactPhone: string };
export type PlaceOrderInput = Contact & { lines: LineRequest[]; asPackage: boolean };

/** Validates a booking body against the shape it claims (a package when it has `items`), naming every bad field. */
export function bookingSchemaFor(body: unknown): typeof packageBookingSchema | typeof singleBookingSchema {
  return body !== null && typeof body === 'object' && !Array.isArray(body) && 'items' in body ? packageBookingSchema : singleBookingSchema;
}

/** The parsed body as lines and a contact, whichever shape it came in. */
export function toPlaceOrderInput(parsed: z.output<typeof packageBookingSchema> | z.output<typeof singleBookingSchema>): PlaceOrderInput {
  if ('items' in parsed) {
    const { items, contactName, contactPhone } = parsed;
    return { lines: items as LineRequest[], contactName, contactPhone, asPackage: true };
  }
  const { contactName, contactPhone, ...line } = parsed;
  return { lines: [line as LineRequest], contactName, contactPhone, asPackage: false };
}

export const orderStatus = z.enum(ORDER_STATUSES);

export const listOrdersQuery = z.object({
  status: orderStatus.optional(),
  limit: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  cursor: z.string().regex(/^[0-9a-f]{32}$/, 'must be a cursor returned by a previous page').optional(),
});

export const orderSnParam = z.string().regex(ORDER_SN_PATTERN, 'must be an order number');
