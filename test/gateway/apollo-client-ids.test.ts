import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
// Apollo Client 3's ES modules, by file: its folders have no `exports` map that Node's ESM resolution could use.
import {
  ApolloClient,
  gql,
  HttpLink,
  InMemoryCache,
  split,
  type NormalizedCacheObject,
} from '@apollo/client/core/index.js';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions/index.js';
import { getMainDefinition } from '@apollo/client/utilities/index.js';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { eventually } from '../../support/eventually.js';
import { startTestGateway, type TestGateway } from '../../support/gateway.js';

/**
 * What a frontend does with the gateway: Apollo Client 3 with its default InMemoryCache, which keeps one object per
 * `__typename` and `id`. The gateway's ids must be unique across the graph for what the cache reads back to be what
 * the gateway answered: a line of an order and the same line of the warehouse's copy of it are two objects.
 */

const ORDER = gql`
  query Order($id: ID!) {
    order(id: $id) {
      id
      status
      lines {
        id
        externalId
        quantity
        status
      }
    }
  }
`;

const ACKNOWLEDGED_ORDERS = gql`
  query AcknowledgedOrders {
    orders(marketplaces: [MARKETPLACER], status: [ACKNOWLEDGED], first: 20) {
      nodes {
        id
        lines {
          id
          status
        }
      }
    }
  }
`;

const PUSH = gql`
  mutation Push($id: ID!) {
    createFulfilmentOrder(input: { orderId: $id }) {
      id
      status
      lines {
        id
        externalId
        quantity
        status
      }
    }
  }
`;

const SHIP = gql`
  mutation Ship($id: ID!, $lines: [OrderLineQuantityInput!]) {
    shipOrder(id: $id, input: { lines: $lines, carrier: "australia post", trackingNumber: "AP-APOLLO-1" }) {
      id
      status
    }
  }
`;

const ORDER_EVENTS = gql`
  subscription Events($orderId: ID!) {
    orderEvents(orderId: $orderId, since: "0") {
      cursor
      type
      orderId
      message
      order {
        id
        status
        lines {
          id
          externalId
          quantity
          status
        }
      }
    }
  }
`;

const LINE = gql`
  fragment Line on OrderLine {
    id
    status
  }
`;

const NODE = gql`
  query Node($id: ID!) {
    node(id: $id) {
      id
      ... on Order {
        status
      }
      ... on OrderLine {
        externalId
        status
      }
    }
  }
`;

interface Line {
  id: string;
  externalId: string;
  quantity: number;
  status: string;
}

interface OrderData {
  order: { id: string; status: string; lines: Line[] };
}

/** `statuses` of the lines of an order as the cache reads it back, without asking the gateway. */
function cachedLines(client: ApolloClient<NormalizedCacheObject>, id: string): Line[] {
  const cached = client.readQuery<OrderData>({ query: ORDER, variables: { id } });
  assert.ok(cached, `${id} is in the cache`);
  return cached.order.lines;
}

describe('Apollo Client 3 with its default cache, over HTTP and graphql-ws', () => {
  let gw: TestGateway;
  let ws: Client;
  let client: ApolloClient<NormalizedCacheObject>;
  /** A Marketplacer order awaiting dispatch, and the warehouse's copy of it. */
  let source: OrderData['order'];
  let twin: OrderData['order'];

  before(async () => {
    gw = await startTestGateway();
    ws = createClient({ url: gw.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, lazy: true });
    const http = new HttpLink({ uri: gw.url, fetch });
    const link = split(
      ({ query }) => {
        const definition = getMainDefinition(query);
        return definition.kind === 'OperationDefinition' && definition.operation === 'subscription';
      },
      new GraphQLWsLink(ws),
      http,
    );
    client = new ApolloClient({ link, cache: new InMemoryCache() });

    const listed = await client.query({ query: ACKNOWLEDGED_ORDERS, fetchPolicy: 'no-cache' });
    const [candidate] = listed.data.orders.nodes as Array<{ id: string }>;
    assert.ok(candidate, 'a Marketplacer order awaiting dispatch');
    twin = (await client.mutate<{ createFulfilmentOrder: OrderData['order'] }>({
      mutation: PUSH,
      variables: { id: candidate.id },
    }))!.data!.createFulfilmentOrder;
    assert.equal(twin.id, `INCREFF:${candidate.id.replace(':', '-')}`);
  });

  after(async () => {
    client?.stop();
    await ws?.dispose();
    await gw?.close();
  });

  test('an order and its Increff twin each read back from the cache with their own lines and statuses', async () => {
    // The source order first, then its twin: a cache keying lines by their marketplace's id alone lets the twin's
    // PENDING lines overwrite the source's ACKNOWLEDGED ones.
    const sourceId = twin.id.replace(/^INCREFF:MARKETPLACER-/, 'MARKETPLACER:');
    source = (await client.query<OrderData>({ query: ORDER, variables: { id: sourceId } })).data.order;
    const read = (await client.query<OrderData>({ query: ORDER, variables: { id: twin.id } })).data.order;
    assert.ok(source.lines.length > 0);
    assert.ok(source.lines.every((line) => line.status === 'ACKNOWLEDGED'));
    assert.ok(read.lines.every((line) => line.status === 'PENDING'));
    assert.deepEqual(
      read.lines.map((line) => line.externalId),
      source.lines.map((line) => line.externalId),
      'the warehouse keeps its source lines’ own ids',
    );

    assert.deepEqual(cachedLines(client, source.id), source.lines, 'the source order as the gateway answered it');
    assert.deepEqual(cachedLines(client, twin.id), read.lines, 'the twin as the gateway answered it');
    for (const line of source.lines) {
      assert.deepEqual(
        client.readFragment({ id: client.cache.identify({ __typename: 'OrderLine', id: line.id }), fragment: LINE }),
        {
          __typename: 'OrderLine',
          id: line.id,
          status: 'ACKNOWLEDGED',
        },
      );
    }
    const ids = [source, read].flatMap((order) => [order.id, ...order.lines.map((line) => line.id)]);
    assert.equal(new Set(ids).size, ids.length, 'no two objects share an id');
  });

  test('node(id:) reads again the order and each line, through the cache’s own keys', async () => {
    for (const order of [source, twin]) {
      const node = (await client.query({ query: NODE, variables: { id: order.id }, fetchPolicy: 'network-only' })).data
        .node;
      assert.deepEqual([node.__typename, node.id], ['Order', order.id]);
      for (const line of order.lines) {
        const read = (await client.query({ query: NODE, variables: { id: line.id }, fetchPolicy: 'network-only' })).data
          .node;
        assert.deepEqual(
          [read.__typename, read.id, read.externalId, read.status],
          ['OrderLine', line.id, line.externalId, line.status],
        );
      }
    }
  });

  test('orderEvents arrive through the ws link, and the event’s order updates the cache, its twin untouched', async () => {
    const events: Array<{ type: string; message: string | null; order: OrderData['order'] | null }> = [];
    const failures: unknown[] = [];
    const subscription = client
      .subscribe({ query: ORDER_EVENTS, variables: { orderId: source.id } })
      .subscribe({ next: (result) => events.push(result.data.orderEvents), error: (error) => failures.push(error) });
    try {
      const [shipped] = source.lines;
      // A mutation names a line by the global id the query answered.
      await client.mutate({
        mutation: SHIP,
        variables: { id: source.id, lines: [{ lineId: shipped!.id, quantity: shipped!.quantity }] },
      });
      const event = await eventually(
        'the shipOrder event through the ws link',
        async () => events.find((candidate) => candidate.message === 'shipOrder'),
        10_000,
      );
      assert.deepEqual(failures, []);
      assert.equal(event.order?.id, source.id);
      assert.equal(event.order?.lines.find((line) => line.id === shipped!.id)?.status, 'SHIPPED');
      assert.equal(cachedLines(client, source.id).find((line) => line.id === shipped!.id)?.status, 'SHIPPED');
      assert.ok(
        cachedLines(client, twin.id).every((line) => line.status === 'PENDING'),
        'the twin’s lines are other objects',
      );
    } finally {
      subscription.unsubscribe();
    }
  });
});
