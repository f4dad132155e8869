import { hotelStock, type HotelBooking } from './hotel-stock.js';
import { routeStock, type RouteBooking } from './route-stock.js';
import { scenicStock, type ScenicBooking } from './scenic-stock.js';
import type { ItemKind, StockKeeper } from './stock-keeper.js';

export type Booking = RouteBooking | HotelBooking | ScenicBooking;

/** One keeper per kind of item; everything else looks them up here. */
export const keepers: { [K in ItemKind]: StockKeeper<Extract<Booking, { itemType: K }>> } = {
  route: routeStock,
  hotel: hotelStock,
  scenic: scenicStock,
};

export function keeperFor<B extends Booking>(booking: B): StockKeeper<B> {
  return keepers[booking.itemType] as unknown as StockKeeper<B>;
}

export function keeperForKind(kind: ItemKind): StockKeeper<Booking> {
  return keepers[kind] as unknown as StockKeeper<Booking>;
}
