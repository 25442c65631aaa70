import type { TestGateway } from '../../support/gateway.js';
import { dataOf } from '../../support/gateway.js';

export const ORDER_FIELDS = `
  id marketplace externalId status marketplaceStatus createdAt updatedAt currency
  total { amount currency }
  lines { id sku title quantity status marketplaceStatus unitPrice { amount currency } }
  shipments { id carrier trackingNumber lineIds }
  errors { type message field correlationId }
  pendingOperations { correlationId type status }
`;

export interface ListedOrder {
  id: string;
  marketplace: string;
  status: string;
  createdAt: string;
  lines: Array<{ id: string; sku: string; status: string }>;
}

/** Every order `orders` lists with these arguments, page by page, with the number of pages it took. */
export async function listAllOrders(
  gw: TestGateway,
  args: string,
  first: number,
): Promise<{ orders: ListedOrder[]; pages: number }> {
  const orders: ListedOrder[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const page: any = dataOf(
      await gw.graphql(
        `query ($after: String) { orders(${args} first: ${first}, after: $after) {
           nodes { id marketplace status createdAt lines { id sku status } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      ),
    ).orders;
    orders.push(...page.nodes);
    pages += 1;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after !== null && pages < 100);
  return { orders, pages };
}

/** Runs a mutation that answers an Order, returning the raw response. */
export function orderMutation(gw: TestGateway, mutation: string, variables: Record<string, unknown>) {
  return gw.graphql(mutation, variables);
}
