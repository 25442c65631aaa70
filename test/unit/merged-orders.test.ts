import 'reflect-metadata';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergePages } from '../../datasources/orders/merged-list.js';
import type { OrderPage, SourcePosition } from '../../src/domain/ports/order-source.js';
import { listByToken, type TokenPage } from '../../datasources/orders/token-pages.js';
import { parseOrderId } from '../../datasources/orders/order-ids.js';
import { wholeOrderStatus } from '../../datasources/orders/status.js';
import { Marketplace } from '../../schema/marketplace.js';
import { OrderStatus, type Order } from '../../schema/order.js';
import { BadInput } from '../../src/domain/errors.js';
import { errorCode } from '../../src/graphql/errors.js';
import { sampleOrder } from '../store/callback-store-contract.js';

/** A marketplace's whole list, newest first, served from an index position. */
function listOf(marketplace: Marketplace, minutesAgo: number[]): Order[] {
  return minutesAgo.map((minutes, i) => sampleOrder(marketplace, `${marketplace[0]}${i}`, minutes));
}

function pageOf(orders: Order[], from: number, want: number): OrderPage {
  const slice = orders.slice(from, from + want);
  return { orders: slice, positionAfter: (count) => (from + count >= orders.length ? null : from + count) };
}

test('the merge serves newest first across marketplaces and resumes each where it stopped', () => {
  const lists = new Map([
    [Marketplace.NOON, listOf(Marketplace.NOON, [1, 4, 5, 9, 20])],
    [Marketplace.FRUUGO, listOf(Marketplace.FRUUGO, [2, 3, 10])],
    [Marketplace.INCREFF, listOf(Marketplace.INCREFF, [])],
  ]);
  const served: string[] = [];
  let position = { positions: {} as Partial<Record<Marketplace, SourcePosition>>, exhausted: [] as Marketplace[] };
  for (let round = 0; round < 5; round++) {
    const pages = new Map(
      [...lists]
        .filter(([marketplace]) => !position.exhausted.includes(marketplace))
        .map(
          ([marketplace, orders]) =>
            [marketplace, pageOf(orders, Number(position.positions[marketplace] ?? 0), 3)] as const,
        ),
    );
    const page = mergePages(pages, position, 3);
    served.push(...page.orders.map((order) => order.externalId));
    position = page.next;
    if (!page.hasNextPage) break;
  }
  assert.deepEqual(served, ['N0', 'F0', 'F1', 'N1', 'N2', 'N3', 'F2', 'N4']);
});

test('a marketplace missing from a round (it failed) keeps its position for the next page', () => {
  const noon = listOf(Marketplace.NOON, [1, 2]);
  const previous = { positions: { [Marketplace.NOON]: 0, [Marketplace.FRUUGO]: 1 }, exhausted: [] };
  const page = mergePages(new Map([[Marketplace.NOON, pageOf(noon, 0, 5)]]), previous, 5);
  assert.equal(page.next.positions[Marketplace.FRUUGO], 1);
  assert.deepEqual(page.next.exhausted, [Marketplace.NOON]);
  assert.equal(page.hasNextPage, false, 'only healthy marketplaces count, so a client paging to the end stops');
});

test('token paging stops mid-page, skips what the filter refuses, and resumes exactly', async () => {
  const all = listOf(
    Marketplace.NOON,
    Array.from({ length: 12 }, (_, i) => i),
  );
  const fetched: Array<string | null> = [];
  const fetchPage = async (token: string | null): Promise<TokenPage> => {
    fetched.push(token);
    const start = token === null ? 0 : Number(token);
    return { orders: all.slice(start, start + 5), nextToken: start + 5 < all.length ? String(start + 5) : '' };
  };
  const even = (order: Order) => Number(order.externalId.slice(1)) % 2 === 0;

  const first = await listByToken(fetchPage, even, undefined, 4);
  assert.deepEqual(
    first.orders.map((order) => order.externalId),
    ['N0', 'N2', 'N4', 'N6'],
  );
  assert.deepEqual(fetched, [null, '5']);
  const second = await listByToken(fetchPage, even, first.positionAfter(3), 10);
  assert.deepEqual(
    second.orders.map((order) => order.externalId),
    ['N6', 'N8', 'N10'],
  );
  assert.equal(second.positionAfter(3), null);
  assert.deepEqual(first.positionAfter(0), { token: null, skip: 0 });
});

test('an order id is MARKETPLACE:externalId, and anything else is refused clearly', () => {
  assert.deepEqual(parseOrderId('FRUUGO:9164260001000444'), { marketplace: 'FRUUGO', externalId: '9164260001000444' });
  assert.deepEqual(parseOrderId('MARKETPLACER:10120'), { marketplace: 'MARKETPLACER', externalId: '10120' });
  for (const bad of ['9164260001000444', 'AMAZON:1', 'NOON:', ':1', 'MARKETPLACER:a:b', 'NOON:..', 'NOON:NFBO1/../x']) {
    assert.throws(
      () => parseOrderId(bad),
      (error: unknown) => error instanceof BadInput && errorCode(error) === 'BAD_USER_INPUT',
    );
  }
});

test('an order’s status is its least advanced live line', () => {
  assert.equal(
    wholeOrderStatus([OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.ACKNOWLEDGED]),
    OrderStatus.ACKNOWLEDGED,
  );
  assert.equal(wholeOrderStatus([OrderStatus.CANCELLED, OrderStatus.CANCELLED]), OrderStatus.CANCELLED);
  assert.equal(wholeOrderStatus([OrderStatus.DELIVERED, OrderStatus.RETURNED]), OrderStatus.DELIVERED);
  assert.equal(wholeOrderStatus([]), OrderStatus.PENDING);
});
