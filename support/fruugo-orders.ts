import assert from 'node:assert/strict';
import type { TestGateway } from './gateway.js';
import { eventually } from './eventually.js';

/** Asks Fruugo for an order download now, as the gateway's periodic job does; the OrderList comes to its webhook. */
export async function triggerFruugoDownload(gw: Pick<TestGateway, 'fruugo'>): Promise<void> {
  const response = await fetch(`${gw.fruugo.url}/v3/orders`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${gw.fruugo.credentials.username}:${gw.fruugo.credentials.password}`).toString('base64')}`,
    },
    body: JSON.stringify({ dateFrom: new Date(Date.now() - 86_400_000).toISOString() }),
  });
  assert.equal(response.status, 202);
}

/**
 * A new pending Fruugo order, once the gateway has it from a download; resolves with its `Order.id`. `gw`: a test
 * gateway, or any gateway's GraphQL in front of a Fruugo simulator that calls it back.
 */
export async function downloadedFruugoOrder(gw: Pick<TestGateway, 'fruugo' | 'graphql'>): Promise<string> {
  const created = gw.fruugo.control.createOrder();
  const id = `FRUUGO:${created.orderId}`;
  await triggerFruugoDownload(gw);
  await eventually(`${id} downloaded`, async () =>
    (await gw.graphql(`query ($id: ID!) { order(id: $id) { id } }`, { id })).data?.order ? true : undefined,
  );
  return id;
}
