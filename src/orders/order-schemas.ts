import { z } from 'zod';
import { bodyId, calendarDate, text } from '../http/schemas.js';

const quantity = z.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100');
const contact = {
  contactName: text().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  contactPhone: z.string({ error: 'must be a string' }).trim().regex(/^\+?[0-9][0-9 -]{4,30}[0-9]$/, 'must be a phone number: digits, spaces or dashes, optional leading +'),
};

export const placeOrderSchema = z.discriminatedUnion(
  'itemType',
  [
    z.strictObject({ itemType: z.literal('route'), itemId: bodyId, quantity, ...contact }),
    z.strictObject({ itemType: z.literal('hotel'), itemId: bodyId, roomTypeId: bodyId, checkIn: calendarDate, checkOut: calendarDate, quantity, ...contact }),
    z.strictObject({ itemType: z.literal('scenic'), itemId: bodyId, visitDate: calendarDate, quantity, ...contact }),
  ],
  { error: 'must be one of route, hotel, scenic' },
);

export type PlaceOrderInput = z.output<typeof placeOrderSchema>;

export const orderStatus = z.enum(['pending', 'paid', 'cancelled', 'expired']);
export type OrderStatus = z.output<typeof orderStatus>;

export const listOrdersQuery = z.object({
  status: orderStatus.optional(),
  limit: z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number').min(1, 'must be at least 1').max(100, 'must be at most 100').default(20),
  cursor: z.string().regex(/^[0-9a-f]{32}$/, 'must be a cursor returned by a previous page').optional(),
});

export const orderSnParam = z.string().regex(/^BD\d{14}[0-9A-Z]{10}$/, 'must be an order number');
