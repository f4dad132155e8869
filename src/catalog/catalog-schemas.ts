import { z } from 'zod';
import { calendarDate, capacity, cents, name } from '../shared/fields.js';

const atLeastOne = (value: Record<string, unknown>) => Object.values(value).some((v) => v !== undefined);

// A route may have a departure date: the day its seats' lines start (a paid seat is refundable before it).
export const createRouteSchema = z.strictObject({ name, priceCents: cents, groupSize: capacity, departureDate: calendarDate.nullable().optional() });
export const patchRouteSchema = z
  .strictObject({ name: name.optional(), priceCents: cents.optional(), groupSize: capacity.optional(), departureDate: calendarDate.nullable().optional() })
  .refine(atLeastOne, 'must change at least one field');

export const createHotelSchema = z.strictObject({ name });

export const createRoomTypeSchema = z.strictObject({ name, priceCents: cents, totalRooms: capacity });
export const patchRoomTypeSchema = z
  .strictObject({ name: name.optional(), priceCents: cents.optional(), totalRooms: capacity.optional() })
  .refine(atLeastOne, 'must change at least one field');

export const createScenicSpotSchema = z.strictObject({ name, ticketPriceCents: cents, dailyQuota: capacity.nullable() });
export const patchScenicSpotSchema = z
  .strictObject({ name: name.optional(), ticketPriceCents: cents.optional(), dailyQuota: capacity.nullable().optional() })
  .refine(atLeastOne, 'must change at least one field');

export const roomAvailabilityQuery = z.object({ checkIn: calendarDate, checkOut: calendarDate });
export const scenicAvailabilityQuery = z.object({ date: calendarDate });

export type CreateRoute = z.output<typeof createRouteSchema>;
export type PatchRoute = z.output<typeof patchRouteSchema>;
export type CreateRoomType = z.output<typeof createRoomTypeSchema>;
export type PatchRoomType = z.output<typeof patchRoomTypeSchema>;
export type CreateScenicSpot = z.output<typeof createScenicSpotSchema>;
export type PatchScenicSpot = z.output<typeof patchScenicSpotSchema>;
