import type { Marketplace } from '../../src/domain/marketplace.js';
import type { Order } from '../../src/domain/order.js';
import type { OrderPage, SourcePosition } from '../../src/domain/ports/order-source.js';

/**
 * Where the merged list stands, per marketplace: a position to resume from, or exhausted. A marketplace in
 * neither has not been read yet (or failed before it could be).
 */
export interface MergedPosition {
  positions: Partial<Record<Marketplace, SourcePosition>>;
  exhausted: Marketplace[];
}

export interface MergedPage {
  orders: Order[];
  /** The position after the orders served, for the next page's cursor. */
  next: MergedPosition;
  hasNextPage: boolean;
}

/**
 * Merges each marketplace's page (each newest first) into one list, newest first, and serves the first `first`.
 * It is a true merge of sorted lists, taking always the newest head, so what is served from each marketplace is a
 * prefix of its own list and its position can resume right after it — even where a marketplace's own order breaks
 * creation-time ties differently. Marketplaces that failed keep their old position: the next page asks them again,
 * so an outage loses no orders. Marketplaces
 * without a page here (not asked, or failed) keep the position they had.
 */
export function mergePages(
  pages: ReadonlyMap<Marketplace, OrderPage>,
  previous: MergedPosition,
  first: number,
): MergedPage {
  const heads = [...pages].map(([marketplace, page]) => ({ marketplace, page, served: 0 }));
  const orders: Order[] = [];
  while (orders.length < first) {
    let newest: (typeof heads)[number] | undefined;
    for (const head of heads) {
      const candidate = head.page.orders[head.served];
      if (candidate === undefined) continue;
      const best = newest?.page.orders[newest.served];
      if (best === undefined || candidate.createdAt.getTime() > best.createdAt.getTime()) newest = head;
    }
    if (newest === undefined) break;
    orders.push(newest.page.orders[newest.served]!);
    newest.served += 1;
  }

  const next: MergedPosition = { positions: { ...previous.positions }, exhausted: [...previous.exhausted] };
  // Only what the healthy marketplaces hold counts: a client paging until hasNextPage is false must not loop for
  // ever while one is down. It has the failure's error, and the cursor would still ask the failed one again.
  let hasNextPage = false;
  for (const { marketplace, page, served } of heads) {
    const position = page.positionAfter(served);
    if (position === null) {
      delete next.positions[marketplace];
      next.exhausted.push(marketplace);
    } else {
      next.positions[marketplace] = position;
      hasNextPage = true;
    }
  }
  return { orders, next, hasNextPage };
}
