import {
  adminErrors, bodyErrors, errors, fromZod, idParam, json, ok, stockErrors, userSecurity, type ApiDocPart,
} from '../http/api-doc.js';
import {
  createHotelSchema, createRoomTypeSchema, createRouteSchema, createScenicSpotSchema, patchRoomTypeSchema, patchRouteSchema, patchScenicSpotSchema,
} from './catalog-schemas.js';

const dateQuery = (name: string) => ({ name, in: 'query', required: true, schema: { type: 'string', format: 'date' } });
const read = (summary: string, what: string) => ({ get: { summary, parameters: [idParam], responses: { ...ok(200, what), ...errors('VALIDATION_FAILED', 'NOT_FOUND') } } });
const create = (body: Parameters<typeof fromZod>[0], what: string, extra: Array<'NOT_FOUND'> = []) => ({
  security: userSecurity,
  requestBody: { required: true, ...json(fromZod(body)) },
  responses: { ...ok(201, what), ...errors(...adminErrors, ...bodyErrors, ...extra) },
});
const patch = (body: Parameters<typeof fromZod>[0], what: string) => ({
  patch: {
    security: userSecurity,
    parameters: [idParam],
    requestBody: { required: true, ...json(fromZod(body)) },
    responses: { ...ok(200, what), ...errors(...adminErrors, ...bodyErrors, 'NOT_FOUND', 'CAPACITY_BELOW_SOLD', ...stockErrors) },
  },
});

/** The catalogue's part of the API document. */
export function catalogPaths(): ApiDocPart {
  return {
    paths: {
      '/routes': { get: { summary: 'List routes', responses: ok(200, 'Routes') } },
      '/routes/{id}': read('A route with priceCents, groupSize, salesCount, availableSlots', 'The route'),
      '/hotels': { get: { summary: 'List hotels with their room types', responses: ok(200, 'Hotels') } },
      '/hotels/{id}': read('A hotel with its room types', 'The hotel'),
      '/room-types/{id}/availability': {
        get: {
          summary: 'Rooms left on each night of a stay (check-out exclusive)',
          parameters: [idParam, dateQuery('checkIn'), dateQuery('checkOut')],
          responses: { ...ok(200, '{roomTypeId, nights: [{night, available}]}'), ...errors('VALIDATION_FAILED', 'NOT_FOUND') },
        },
      },
      '/scenic-spots': { get: { summary: 'List scenic spots', responses: ok(200, 'Scenic spots') } },
      '/scenic-spots/{id}': read('A scenic spot', 'The spot'),
      '/scenic-spots/{id}/availability': {
        get: {
          summary: 'Tickets left on a day (null = unlimited)',
          parameters: [idParam, dateQuery('date')],
          responses: { ...ok(200, '{scenicSpotId, date, available}'), ...errors('VALIDATION_FAILED', 'NOT_FOUND') },
        },
      },
      '/admin/routes': { post: create(createRouteSchema, 'The route') },
      '/admin/routes/{id}': patch(patchRouteSchema, 'The route'),
      '/admin/hotels': { post: create(createHotelSchema, 'The hotel') },
      '/admin/hotels/{id}/room-types': { post: { ...create(createRoomTypeSchema, 'The room type', ['NOT_FOUND']), parameters: [idParam] } },
      '/admin/room-types/{id}': patch(patchRoomTypeSchema, 'The room type'),
      '/admin/scenic-spots': { post: create(createScenicSpotSchema, 'The scenic spot') },
      '/admin/scenic-spots/{id}': patch(patchScenicSpotSchema, 'The scenic spot'),
    },
  };
}
