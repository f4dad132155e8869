import {
  adminErrors, bodyErrors, dbErrors, errors, fromZod, idParam, json, ok, operation, ref, stockErrors, type ApiDocPart, type Json,
} from '../http/api-doc.js';
import {
  createHotelSchema, createRoomTypeSchema, createRouteSchema, createScenicSpotSchema, hotelList, hotelView, patchRoomTypeSchema, patchRouteSchema, patchScenicSpotSchema,
  roomAvailabilityView, roomTypeView, routeList, routeView, scenicAvailabilityView, scenicSpotList, scenicSpotView,
} from './catalog-schemas.js';

const dateQuery = (name: string, example: string) => ({ name, in: 'query', required: true, schema: { type: 'string', format: 'date' }, example });

// The demo catalogue's items, as the catalogue answers them (npm start on an empty database).
const routeExample = { id: 1, name: 'Guilin and Yangshuo, 5 days', priceCents: 399900, groupSize: 10, salesCount: 2, availableSlots: 8, departureDate: null };
const roomTypeExample = { id: 1, hotelId: 1, name: 'Double room', priceCents: 68800, totalRooms: 5 };
const hotelExample = { id: 1, name: 'West Lake Garden Hotel', roomTypes: [roomTypeExample, { id: 2, hotelId: 1, name: 'Lake-view suite', priceCents: 158800, totalRooms: 2 }] };
const spotExample = { id: 1, name: 'Forbidden City', ticketPriceCents: 6000, dailyQuota: 40 };

const read = (operationId: string, summary: string, schema: string, example: Json) => ({
  get: operation({
    operationId,
    tag: 'catalogue',
    summary,
    security: 'public',
    parameters: [idParam],
    responses: { ...ok(200, summary, ref(schema), example), ...errors('VALIDATION_FAILED', 'NOT_FOUND', ...dbErrors) },
  }),
});
const list = (operationId: string, summary: string, schema: string, example: Json) => ({
  get: operation({
    operationId,
    tag: 'catalogue',
    summary,
    description: 'The first 200, by id. Takes no parameters, so it has no client error to answer.',
    security: 'public',
    responses: { ...ok(200, summary, ref(schema), example), ...errors(...dbErrors) },
  }),
});
const create = (operationId: string, summary: string, body: Parameters<typeof fromZod>[0], schema: string, example: Json, extra: Array<'NOT_FOUND'> = []) =>
  operation({
    operationId,
    tag: 'admin',
    summary,
    security: 'admin',
    requestBody: { required: true, ...json(fromZod(body)) },
    responses: { ...ok(201, `The ${schema.toLowerCase()}, with its id`, ref(schema), example), ...errors(...adminErrors, ...bodyErrors, ...extra, ...dbErrors) },
  });
const patch = (operationId: string, summary: string, body: Parameters<typeof fromZod>[0], schema: string, example: Json) => ({
  patch: operation({
    operationId,
    tag: 'admin',
    summary,
    description: 'Changes the named fields under the item\'s lease; a capacity below what is sold is 409 CAPACITY_BELOW_SOLD.',
    security: 'admin',
    parameters: [idParam],
    requestBody: { required: true, ...json(fromZod(body)) },
    responses: { ...ok(200, `The ${schema.toLowerCase()}, changed`, ref(schema), example), ...errors(...adminErrors, ...bodyErrors, 'NOT_FOUND', 'CAPACITY_BELOW_SOLD', ...stockErrors) },
  }),
});

/** The catalogue's part of the API document. */
export function catalogPaths(): ApiDocPart {
  return {
    tags: [{ name: 'catalogue', description: 'Routes, hotels and scenic spots, and what is left of them (public)' }],
    schemas: {
      Route: fromZod(routeView, 'output'),
      RoomType: fromZod(roomTypeView, 'output'),
      Hotel: fromZod(hotelView, 'output'),
      ScenicSpot: fromZod(scenicSpotView, 'output'),
      RouteList: fromZod(routeList, 'output'),
      HotelList: fromZod(hotelList, 'output'),
      ScenicSpotList: fromZod(scenicSpotList, 'output'),
      RoomAvailability: fromZod(roomAvailabilityView, 'output'),
      ScenicAvailability: fromZod(scenicAvailabilityView, 'output'),
    },
    paths: {
      '/routes': list('listRoutes', 'The routes', 'RouteList', { routes: [routeExample] }),
      '/routes/{id}': read('getRoute', 'A route with priceCents, groupSize, salesCount, availableSlots', 'Route', routeExample),
      '/hotels': list('listHotels', 'The hotels with their room types', 'HotelList', { hotels: [hotelExample] }),
      '/hotels/{id}': read('getHotel', 'A hotel with its room types', 'Hotel', hotelExample),
      '/room-types/{id}/availability': {
        get: operation({
          operationId: 'getRoomAvailability',
          tag: 'catalogue',
          summary: 'Rooms left on each night of a stay (check-out exclusive, 1 to 30 nights)',
          security: 'public',
          parameters: [idParam, dateQuery('checkIn', '2027-05-01'), dateQuery('checkOut', '2027-05-03')],
          responses: {
            ...ok(200, 'One entry per night', ref('RoomAvailability'), { roomTypeId: 1, nights: [{ night: '2027-05-01', available: 5 }, { night: '2027-05-02', available: 4 }] }),
            ...errors('VALIDATION_FAILED', 'NOT_FOUND', ...dbErrors),
          },
        }),
      },
      '/scenic-spots': list('listScenicSpots', 'The scenic spots', 'ScenicSpotList', { scenicSpots: [spotExample] }),
      '/scenic-spots/{id}': read('getScenicSpot', 'A scenic spot', 'ScenicSpot', spotExample),
      '/scenic-spots/{id}/availability': {
        get: operation({
          operationId: 'getScenicAvailability',
          tag: 'catalogue',
          summary: 'Tickets left on a day (null: unlimited)',
          security: 'public',
          parameters: [idParam, dateQuery('date', '2027-05-02')],
          responses: { ...ok(200, 'The day', ref('ScenicAvailability'), { scenicSpotId: 1, date: '2027-05-02', available: 38 }), ...errors('VALIDATION_FAILED', 'NOT_FOUND', ...dbErrors) },
        }),
      },
      '/admin/routes': { post: create('createRoute', 'Create a route', createRouteSchema, 'Route', { ...routeExample, salesCount: 0, availableSlots: 10 }) },
      '/admin/routes/{id}': patch('patchRoute', 'Change a route: name, price, group size, departure date', patchRouteSchema, 'Route', routeExample),
      '/admin/hotels': { post: create('createHotel', 'Create a hotel', createHotelSchema, 'Hotel', { id: 2, name: 'Riverside Inn', roomTypes: [] }) },
      '/admin/hotels/{id}/room-types': {
        post: { ...create('createRoomType', 'Add a room type to a hotel', createRoomTypeSchema, 'RoomType', roomTypeExample, ['NOT_FOUND']), parameters: [idParam] },
      },
      '/admin/room-types/{id}': patch('patchRoomType', 'Change a room type: name, price per night, rooms', patchRoomTypeSchema, 'RoomType', roomTypeExample),
      '/admin/scenic-spots': { post: create('createScenicSpot', 'Create a scenic spot', createScenicSpotSchema, 'ScenicSpot', spotExample) },
      '/admin/scenic-spots/{id}': patch('patchScenicSpot', 'Change a scenic spot: name, ticket price, daily quota', patchScenicSpotSchema, 'ScenicSpot', spotExample),
    },
  };
}
