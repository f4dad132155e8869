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

// What the catalogue answers with: the service's types are these schemas' outputs, and the API document is made from them.
const int = z.number().int();
export const routeView = z.object({
  id: int, name: z.string(), priceCents: int, groupSize: int, salesCount: int, availableSlots: int,
  /** The day the tour leaves; its seats can be cancelled and refunded before it. */
  departureDate: z.iso.date().nullable(),
});
export const roomTypeView = z.object({ id: int, hotelId: int, name: z.string(), priceCents: int.describe('per night'), totalRooms: int });
export const hotelView = z.object({ id: int, name: z.string(), roomTypes: z.array(roomTypeView) });
export const scenicSpotView = z.object({ id: int, name: z.string(), ticketPriceCents: int, dailyQuota: int.nullable().describe('null: unlimited') });
export const roomAvailabilityView = z.object({ roomTypeId: int, nights: z.array(z.object({ night: z.iso.date(), available: int })) });
export const scenicAvailabilityView = z.object({ scenicSpotId: int, date: z.iso.date(), available: int.nullable().describe('null: unlimited') });
export const routeList = z.object({ routes: z.array(routeView) });
export const hotelList = z.object({ hotels: z.array(hotelView) });
export const scenicSpotList = z.object({ scenicSpots: z.array(scenicSpotView) });

export type Route = z.output<typeof routeView>;
export type RoomType = z.output<typeof roomTypeView>;
export type Hotel = z.output<typeof hotelView>;
export type ScenicSpot = z.output<typeof scenicSpotView>;
export type RoomAvailability = z.output<typeof roomAvailabilityView>;
export type ScenicAvailability = z.output<typeof scenicAvailabilityView>;

export type CreateRoute = z.output<typeof createRouteSchema>;
export type PatchRoute = z.output<typeof patchRouteSchema>;
export type CreateRoomType = z.output<typeof createRoomTypeSchema>;
export type PatchRoomType = z.output<typeof patchRoomTypeSchema>;
export type CreateScenicSpot = z.output<typeof createScenicSpotSchema>;
export type PatchScenicSpot = z.output<typeof patchScenicSpotSchema>;
