import type { Order } from '../../src/domain/order.js';
import type { OrderPage, SourcePosition } from '../../src/domain/ports/order-source.js';

/** One page of an upstream list that pages by token (noon `next_token`, a GraphQL `endCursor`). */
export interface TokenPage {
  /** Newest first. */
  orders: Order[];
  /** The token of the next page; null, empty or absent on the last page. */
  nextToken: string | null | undefined;
}

/** Where a token-paged listing stands: the page to fetch (null: the first) and how many of its orders are served. */
export interface TokenPosition {
  token: string | null;
  skip: number;
  [key: string]: SourcePosition;
}

function isTokenPosition(value: SourcePosition | undefined): value is TokenPosition {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (typeof value.token === 'string' || value.token === null) &&
    typeof value.skip === 'number' &&
    Number.isInteger(value.skip) &&
    value.skip >= 0
  );
}

/**
 * Fetches the page that starts at `token` (null: the first). `enough` is how many orders from that start would
 * serve what is still wanted if every one were kept: an upstream that lets the client size its pages (a Relay
 * connection's `first`) need not build, send and have parsed more than that.
 */
export type FetchTokenPage = (token: string | null, enough: number) => Promise<TokenPage>;

/**
 * Lists `want` orders that `keep` accepts from an upstream that pages by token, starting at `position`: fetches
 * pages one after another until it has enough or the list ends, and answers positions that point into the middle
 * of an upstream page when the merged connection stops there. Orders `keep` refuses still count as served, so a
 * filter the upstream cannot apply itself never shifts a page boundary. A position counts orders from its token, so
 * it holds whatever size the pages before and after it had.
 */
export async function listByToken(
  fetchPage: FetchTokenPage,
  keep: (order: Order) => boolean,
  position: SourcePosition | undefined,
  want: number,
): Promise<OrderPage> {
  const start: TokenPosition = isTokenPosition(position) ? position : { token: null, skip: 0 };
  const kept: Array<{ order: Order; after: TokenPosition | null }> = [];
  let token = start.token;
  let skip = start.skip;
  let end: TokenPosition | null = start;

  while (kept.length < want) {
    const page = await fetchPage(token, skip + want - kept.length);
    const next = page.nextToken ? page.nextToken : null;
    page.orders.slice(skip).forEach((order, index) => {
      const served = skip + index + 1;
      // Right after this order: later in the same page, or the start of the next one, or nothing at all.
      const after: TokenPosition | null =
        served < page.orders.length ? { token, skip: served } : next === null ? null : { token: next, skip: 0 };
      if (keep(order)) kept.push({ order, after });
      end = after;
    });
    if (next === null || page.orders.length === 0) {
      end = null;
      break;
    }
    token = next;
    skip = 0;
  }

  const orders = kept.slice(0, want);
  return {
    orders: orders.map((entry) => entry.order),
    positionAfter(count) {
      if (count === 0) return start;
      // Past the last order kept: wherever the scan stopped (it read past refused orders, which need no re-reading).
      if (count >= kept.length) return end;
      return orders[count - 1]!.after;
    },
  };
}
