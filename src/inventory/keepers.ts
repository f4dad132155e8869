import { hotelStock, type HotelBooking } from './hotel-stock.js';
import { routeStock, type RouteBooking } from './route-stock.js';
import { scenicStock, type ScenicBooking } from './scenic-stock.js';
import type { ItemKind, LineRequest, StockKeeper } from './stock-keeper.js';

export type Booking = RouteBooking | HotelBooking | ScenicBooking;

/** The one registry of item kinds: every other place iterates it, so a new kind is a new keeper listed here. */
export const keepers: { readonly [K in ItemKind]: StockKeeper<Extract<Booking, { itemType: K }>> } = {
  route: routeStock,
  hotel: hotelStock,
  scenic: scenicStock,
};

/** The keeper of a kind, typed for any line of it; each keeper checks the fields of its own kind. */
export function keeperOf(kind: ItemKind): StockKeeper<LineRequest> {
  return keepers[kind] as unknown as StockKeeper<LineRequest>;
}

export const allKeepers = (): Array<StockKeeper<LineRequest>> => (Object.keys(keepers) as ItemKind[]).map(keeperOf);
