import { randomUUID } from 'node:crypto';
import { TEST_HTTP } from './http.js';
import type {
  CreateSandboxOrderResponse,
  FbpiOrder,
  ListFbpiOrdersRequest,
  ListFbpiOrdersResponse,
  SandboxOrderItemStatus,
} from '../../datasources/noon/fbpi/wire.js';
import { createNoonClient } from '../../datasources/noon/index.js';
import type { NoonClient } from '../../datasources/noon/client.js';
import type { HttpConfig } from '../../src/config.js';
import type { NoonSandbox } from '../../sandbox/noon/index.js';
import { assertOk, type NoonResult, type NoonTestClient } from './noon-login.js';
import { testLogger } from './silent-logger.js';

// FBPI calls against the noon sandbox over HTTP, for the simulator's and the datasource's tests.

export const FBPI = '/fbpi/v1';

/** Every order of a list, following next_token with the same filters; also the number of pages read. */
export async function listAllOrders(
  client: NoonTestClient,
  filters: ListFbpiOrdersRequest,
): Promise<{ orders: FbpiOrder[]; pages: ListFbpiOrdersResponse[] }> {
  const pages: ListFbpiOrdersResponse[] = [];
  let token = '';
  do {
    const query = token === '' ? '' : `?next_token=${encodeURIComponent(token)}`;
    const page = assertOk(await client.post<ListFbpiOrdersResponse>(`${FBPI}/fbpi-orders/list${query}`, filters));
    pages.push(page);
    token = page.next_token ?? '';
  } while (token !== '');
  return { orders: pages.flatMap((page) => page.orders), pages };
}

export function getOrder(client: NoonTestClient, fbpiOrderNr: string): Promise<NoonResult<FbpiOrder>> {
  return client.get<FbpiOrder>(`${FBPI}/fbpi-order/${fbpiOrderNr}/get`);
}

export async function orderOf(client: NoonTestClient, fbpiOrderNr: string): Promise<FbpiOrder> {
  return assertOk(await getOrder(client, fbpiOrderNr));
}

export type SandboxItem = string | { status: SandboxOrderItemStatus; partner_sku?: string };

/** A new pending order through CreateSandboxOrder: one confirmed unit per SKU named (or the item as given). */
export async function sandboxOrder(
  client: NoonTestClient,
  warehouseCode: string,
  items: readonly SandboxItem[],
  countryCode = 'ae',
): Promise<FbpiOrder> {
  const response = await client.post<CreateSandboxOrderResponse>(`${FBPI}/sandbox-order/create`, {
    warehouse_code: warehouseCode,
    idempotency_key: randomUUID().slice(0, 10),
    country_code: countryCode,
    items: items.map((item) =>
      typeof item === 'string' ? { status: 'MP_ITEM_STATUS_CONFIRMED', partner_sku: item } : item,
    ),
  });
  return orderOf(client, assertOk(response).fbpi_order_nr);
}

/** UpdateOrder: acknowledge, with the items named out of stock. */
export function updateOrder(client: NoonTestClient, fbpiOrderNr: string, outOfStock: readonly string[] = []) {
  return client.post(`${FBPI}/fbpi-order/update`, {
    fbpi_order_nr: fbpiOrderNr,
    items: outOfStock.map((mpItemNr) => ({
      mp_item_nr: mpItemNr,
      status: 'UPDATE_ORDER_REQUEST_ITEM_STATUS_OUT_OF_STOCK',
    })),
  });
}

/** A new order, acknowledged whole. */
export async function acknowledgedOrder(
  client: NoonTestClient,
  warehouseCode: string,
  skus: readonly string[],
  countryCode = 'ae',
): Promise<FbpiOrder> {
  const order = await sandboxOrder(client, warehouseCode, skus, countryCode);
  assertOk(await updateOrder(client, order.fbpi_order_nr));
  return orderOf(client, order.fbpi_order_nr);
}

export function itemNrs(order: FbpiOrder): string[] {
  return order.items.map((item) => item.mp_item_nr);
}

/** The gateway's process-wide noon client, pointed at the sandbox as the default partner. */
export function sandboxNoonClient(sandbox: NoonSandbox, http: HttpConfig = TEST_HTTP): NoonClient {
  return createNoonClient(
    {
      baseUrl: sandbox.url,
      key: sandbox.serviceAccountKey(),
      userAgent: 'noon-datasource-tests/1.0',
      requestsPerMinute: 100_000,
      fbpiWarehouseCode: sandbox.fbpiWarehouseCode(),
      webhookHeaders: undefined,
    },
    http,
    testLogger,
  );
}

/** Statuses of the requests to `path` the sandbox saw since its log was last reset. */
export function requestStatuses(sandbox: NoonSandbox, path: string | RegExp): number[] {
  return sandbox.control
    .requests()
    .filter((entry) => (typeof path === 'string' ? entry.path === path : path.test(entry.path)))
    .map((entry) => entry.status);
}
