import Router from '@koa/router';
import type { AppState } from '../http/context.js';
import { requireAdmin, type Authenticator } from '../http/auth.js';
import { id } from '../shared/fields.js';
import { parseInput } from '../http/validate.js';
import {
  createHotelSchema, createRoomTypeSchema, createRouteSchema, createScenicSpotSchema, patchRoomTypeSchema, patchRouteSchema,
  patchScenicSpotSchema, roomAvailabilityQuery, scenicAvailabilityQuery,
} from './catalog-schemas.js';
import type { CatalogService } from './catalog-service.js';

export function createCatalogRouter({ auth, catalogService }: { auth: Authenticator; catalogService: CatalogService }): Router<AppState> {
  const router = new Router<AppState>();
  const param = (value: string | undefined) => parseInput(id, value, 'path.id');

  router.get('/routes', async (ctx) => {
    ctx.body = { routes: await catalogService.listRoutes() };
  });
  router.get('/routes/:id', async (ctx) => {
    ctx.body = await catalogService.getRoute(param(ctx.params['id']));
  });
  router.get('/hotels', async (ctx) => {
    ctx.body = { hotels: await catalogService.listHotels() };
  });
  router.get('/hotels/:id', async (ctx) => {
    ctx.body = await catalogService.getHotel(param(ctx.params['id']));
  });
  router.get('/room-types/:id/availability', async (ctx) => {
    const { checkIn, checkOut } = parseInput(roomAvailabilityQuery, ctx.query, 'query');
    ctx.body = await catalogService.roomAvailability(param(ctx.params['id']), checkIn, checkOut);
  });
  router.get('/scenic-spots', async (ctx) => {
    ctx.body = { scenicSpots: await catalogService.listScenicSpots() };
  });
  router.get('/scenic-spots/:id', async (ctx) => {
    ctx.body = await catalogService.getScenicSpot(param(ctx.params['id']));
  });
  router.get('/scenic-spots/:id/availability', async (ctx) => {
    const { date } = parseInput(scenicAvailabilityQuery, ctx.query, 'query');
    ctx.body = await catalogService.scenicAvailability(param(ctx.params['id']), date);
  });

  const admin = requireAdmin(auth);
  router.post('/admin/routes', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await catalogService.createRoute(parseInput(createRouteSchema, ctx.state.body, 'body'));
  });
  router.patch('/admin/routes/:id', admin, async (ctx) => {
    ctx.body = await catalogService.patchRoute(param(ctx.params['id']), parseInput(patchRouteSchema, ctx.state.body, 'body'));
  });
  router.post('/admin/hotels', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await catalogService.createHotel(parseInput(createHotelSchema, ctx.state.body, 'body'));
  });
  router.post('/admin/hotels/:id/room-types', admin, async (ctx) => {
    const hotelId = param(ctx.params['id']);
    const input = parseInput(createRoomTypeSchema, ctx.state.body, 'body');
    ctx.status = 201;
    ctx.body = await catalogService.createRoomType(hotelId, input);
  });
  router.patch('/admin/room-types/:id', admin, async (ctx) => {
    ctx.body = await catalogService.patchRoomType(param(ctx.params['id']), parseInput(patchRoomTypeSchema, ctx.state.body, 'body'));
  });
  router.post('/admin/scenic-spots', admin, async (ctx) => {
    ctx.status = 201;
    ctx.body = await catalogService.createScenicSpot(parseInput(createScenicSpotSchema, ctx.state.body, 'body'));
  });
  router.patch('/admin/scenic-spots/:id', admin, async (ctx) => {
    ctx.body = await catalogService.patchScenicSpot(param(ctx.params['id']), parseInput(patchScenicSpotSchema, ctx.state.body, 'body'));
  });

  return router;
}
