import type { Order } from '../domain/order.js';
import type { OrderPage, SourcePosition } from '../domain/ports/order-source.js';

/**
 * Where a stored listing stands (both adapters): right after the order with this creation time (epoch
 * milliseconds, so it travels as JSON inside the client's cursor) and id. The id breaks ties between orders created
 * at the same moment, so a page never repeats or skips one.
 */
export interface OrderKeyset {
  createdAt: number;
  id: string;
  [key: string]: SourcePosition;
}

/**
 * The start of a listing, for `positionAfter(0)` on its first page: not null, which would say the listing is
 * exhausted and drop a marketplace the merged list served nothing of yet. Any position that is not a keyset reads
 * as the start.
 */
const NEWEST: SourcePosition = {};

/** The keyset inside a position, or undefined for the start of the listing (or a position of another shape). */
export function orderKeyset(position: SourcePosition | undefined): OrderKeyset | undefined {
  const isKeyset =
    typeof position === 'object' &&
    position !== null &&
    !Array.isArray(position) &&
    typeof position.createdAt === 'number' &&
    typeof position.id === 'string';
  return isKeyset ? (position as OrderKeyset) : undefined;
}

/**
 * The page of a listing read newest first from `start` with one order more than `want`: that extra one only tells
 * whether anything follows.
 */
export function storedOrderPage(fetched: Order[], want: number, start: OrderKeyset | undefined): OrderPage {
  const orders = fetched.slice(0, want);
  const more = fetched.length > want;
  return {
    orders,
    positionAfter(count) {
      if (count >= orders.length && !more) return null;
      if (count === 0) return start ?? NEWEST;
      const last = orders[Math.min(count, orders.length) - 1]!;
      return { createdAt: last.createdAt.getTime(), id: last.id };
    },
  };
}
