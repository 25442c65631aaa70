import assert from 'node:assert/strict';
import type { MarketplacerSandbox } from '../../sandbox/marketplacer/index.js';

// Talking to the Marketplacer sandbox over HTTP, for the simulator's own tests and the datasource's.

/** A GraphQL answer as the tests read it. */
export interface GraphQLAnswer {
  status: number;
  headers: Headers;
  /** Response data: its shape depends on each test's query. */
  data: any;
  errors: Array<{ message: string; path?: string[]; extensions?: { code?: string } }> | undefined;
}

/** POSTs one GraphQL request with these headers (the operator key as Bearer when none are given). */
export async function graphqlPost(
  sandbox: MarketplacerSandbox,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = { authorization: `Bearer ${sandbox.apiKeys.operator}` },
): Promise<GraphQLAnswer> {
  const response = await fetch(sandbox.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: GraphQLAnswer['errors'] };
  return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
}

/** Asserts an answer without GraphQL errors and returns its data. */
export function dataOf(answer: GraphQLAnswer): GraphQLAnswer['data'] {
  assert.equal(answer.status, 200, JSON.stringify(answer.errors));
  assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
  return answer.data;
}

/** The codes of an answer's errors. */
export function errorCodes(answer: GraphQLAnswer): Array<string | undefined> {
  return (answer.errors ?? []).map((error) => error.extensions?.code);
}

export const ADDRESS = {
  address: '1 Collins St',
  city: 'Melbourne',
  postcode: '3000',
  state: 'VIC',
  countryCode: 'AU',
};
export const BUYER = { firstName: 'Ada', surname: 'Lovelace', emailAddress: 'ada@example.com', address: ADDRESS };

/** The global id of the first variant with this SKU (and its stock), read over the API. */
export async function variantOf(
  sandbox: MarketplacerSandbox,
  sku: string,
): Promise<{ id: string; countOnHand: number; seller: string }> {
  const data = dataOf(
    await graphqlPost(
      sandbox,
      'query V($sku: [String!]!) { variantsWhere(sku: $sku) { nodes { id countOnHand advert { seller { id } } } } }',
      {
        sku: [sku],
      },
    ),
  );
  const [variant] = data.variantsWhere.nodes;
  assert.ok(variant, `no variant with SKU ${sku}`);
  return { id: variant.id, countOnHand: variant.countOnHand, seller: variant.advert.seller.id };
}

const NEW_ORDER = `mutation ($input: OrderCreateMutationInput!) {
  orderCreate(input: $input) { order { invoices { id legacyId lineItems { id } } } errors { field messages } }
}`;

/** The one invoice of a new order for `quantity` units of the first variant with this SKU, made over the API. */
export async function newInvoice(
  sandbox: MarketplacerSandbox,
  sku: string,
  quantity = 1,
): Promise<{ id: string; legacyId: number; lineItemIds: string[] }> {
  const variant = await variantOf(sandbox, sku);
  const lineItems = [{ variantId: variant.id, quantity, cost: { amount: 1000 * quantity } }];
  const { orderCreate } = dataOf(await graphqlPost(sandbox, NEW_ORDER, { input: { order: BUYER, lineItems } }));
  assert.deepEqual(orderCreate.errors, []);
  const [invoice] = orderCreate.order.invoices;
  return {
    id: invoice.id,
    legacyId: invoice.legacyId,
    lineItemIds: invoice.lineItems.map((line: { id: string }) => line.id),
  };
}
