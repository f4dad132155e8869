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

// One body shape per kind, each from its keeper's own fields: a new kind needs no edit here.
const [firstKind, ...otherKinds] = ITEM_KINDS.map((kind) =>
  z.strictObject({ itemType: z.literal(kind), itemId: bodyId, ...keepers[kind].requestFields, quantity, ...contact }),
);

export const placeOrderSchema = z.discriminatedUnion('itemType', [firstKind as NonNullable<typeof firstKind>, ...otherKinds], {
  error: `must be one of ${ITEM_KINDS.join(', ')}`,
});

export type Contact = { contactName: string; contactPhone: string };
export type PlaceOrderInput = LineRequest & Contact;

export const orderStatus = z.enum(ORDER_STATUSES);

export const listOrdersQuery = z.object({
  status: orderStatus.optional(),
  limit: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  cursor: z.string().regex(/^[0-9a-f]{32}$/, 'must be a cursor returned by a previous page').optional(),
});

export const orderSnParam = z.string().regex(ORDER_SN_PATTERN, 'must be an order number');
